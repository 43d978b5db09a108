package org.alterna.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A Teltonika device for tests, built byte by byte from Teltonika's Codec 8 document: IMEI login, AVL
 * packets with CRC-16/IBM, acknowledgements read back. Blocking, one socket.
 */
public final class TeltonikaClient implements AutoCloseable {
    /** One position record. */
    public record Rec(Instant time, double lat, double lon, int satellites, int speed) {
        public static Rec at(long epochMillis, double lat, double lon) {
            return new Rec(Instant.ofEpochMilli(epochMillis), lat, lon, 7, 12);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    public TeltonikaClient(String host, int port, int timeoutMs) throws IOException {
        this(host, port, timeoutMs, null);
    }

    /** Connects from the local address {@code source} (e.g. another loopback address, 127.0.0.0/8 on Linux). */
    public TeltonikaClient(String host, int port, int timeoutMs, String source) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        if (source != null) {
            socket.bind(new InetSocketAddress(source, 0));
        }
        socket.connect(new InetSocketAddress(host, port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        out = socket.getOutputStream();
        InputStream raw = socket.getInputStream();
        in = new DataInputStream(raw);
    }

    public static TeltonikaClient connect(int port) throws IOException {
        return new TeltonikaClient("127.0.0.1", port, 10_000);
    }

    /** Sends the IMEI and returns the server's one-byte answer (1 accept, 0 refuse) or -1 if it closed. */
    public int login(String imei) throws IOException {
        send(imeiFrame(imei));
        return in.read();
    }

    /** Reads one byte (e.g. the login answer); -1 if the server closed. */
    public int readByte() throws IOException {
        return in.read();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads the 4-byte record-count acknowledgement; -1 if the server closed the connection. A Codec 12/14 command
     * the server sends in between (it starts with four zero bytes, an acknowledgement never counts 0 records) is
     * read whole and kept in {@link #commands()}, as a device takes it.
     */
    public int readAck() throws IOException {
        while (true) {
            byte[] b = new byte[4];
            try {
                in.readFully(b);
            } catch (java.io.EOFException e) {
                return -1;
            }
            int value = ByteBuffer.wrap(b).getInt();
            if (value != 0) {
                return value;
            }
            byte[] size = new byte[4];
            in.readFully(size);
            byte[] data = new byte[ByteBuffer.wrap(size).getInt() + 4];
            in.readFully(data);
            commands.add(data);
        }
    }

    private final List<byte[]> commands = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Commands received while reading acknowledgements: codec id .. CRC of each (without preamble and size). */
    public List<byte[]> commands() {
        return commands;
    }

    /** The text of a command kept by {@link #commands()}: Codec 12, or Codec 14 without its IMEI. */
    public static String commandText(byte[] data) {
        int size = ByteBuffer.wrap(data, 3, 4).getInt();
        int skip = (data[0] & 0xFF) == 0x0E ? 8 : 0;
        return new String(data, 7 + skip, size - skip, StandardCharsets.US_ASCII);
    }

    /** True if nothing arrives within {@code millis} (connection open); false if data arrived or it closed. */
    public boolean silentFor(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < -1; // never true: any byte or EOF means "not silent"
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** True if the server closed the connection within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public static byte[] imeiFrame(String imei) {
        byte[] id = imei.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(2 + id.length);
        b.putShort((short) id.length).put(id);
        return b.array();
    }

    /** A Codec 8 AVL packet with the given records (no IO elements). */
    public static byte[] avlPacket(List<Rec> records) {
        return avlPacket(records, false);
    }

    /**
     * A Codec 8 AVL packet; {@code withIo}: each record carries the IO values a tracker typically sends (GSM signal
     * io21, battery % io113, charger io116, external voltage io66, battery voltage io67).
     */
    public static byte[] avlPacket(List<Rec> records, boolean withIo) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0x08);
        data.write(records.size());
        for (Rec r : records) {
            ByteBuffer rec = ByteBuffer.allocate(8 + 1 + 4 + 4 + 2 + 2 + 1 + 2 + 1 + 1 + 4 + (withIo ? 6 + 6 : 0));
            rec.putLong(r.time().toEpochMilli());
            rec.put((byte) 0);
            rec.putInt((int) Math.round(r.lon() * 1e7));
            rec.putInt((int) Math.round(r.lat() * 1e7));
            rec.putShort((short) 150);
            rec.putShort((short) 90);
            rec.put((byte) r.satellites());
            rec.putShort((short) r.speed());
            rec.put((byte) 0); // event IO id
            if (withIo) {
                rec.put((byte) 5); // total IO count
                rec.put((byte) 3).put((byte) 21).put((byte) 4).put((byte) 113).put((byte) 87).put((byte) 116)
                        .put((byte) 0); // 1-byte values
                rec.put((byte) 2).put((byte) 66).putShort((short) 12800).put((byte) 67).putShort((short) 4100);
                rec.put((byte) 0).put((byte) 0); // 4- and 8-byte groups
            } else {
                rec.put((byte) 0); // total IO count
                rec.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // 1, 2, 4, 8-byte groups
            }
            data.writeBytes(rec.array());
        }
        data.write(records.size());
        byte[] d = data.toByteArray();
        ByteBuffer packet = ByteBuffer.allocate(8 + d.length + 4);
        packet.putInt(0).putInt(d.length).put(d).putInt(crc16Ibm(d));
        return packet.array();
    }

    /** A Codec 8 AVL packet whose records each carry one 1-byte IO value (e.g. an ankle tag's strap loop, io2). */
    public static byte[] avlPacketWithIo(List<Rec> records, int ioId, int value) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0x08);
        data.write(records.size());
        for (Rec r : records) {
            ByteBuffer rec = ByteBuffer.allocate(8 + 1 + 4 + 4 + 2 + 2 + 1 + 2 + 1 + 1 + 1 + 2 + 3);
            rec.putLong(r.time().toEpochMilli());
            rec.put((byte) 0);
            rec.putInt((int) Math.round(r.lon() * 1e7));
            rec.putInt((int) Math.round(r.lat() * 1e7));
            rec.putShort((short) 150);
            rec.putShort((short) 90);
            rec.put((byte) r.satellites());
            rec.putShort((short) r.speed());
            rec.put((byte) 0); // event IO id
            rec.put((byte) 1); // total IO count
            rec.put((byte) 1).put((byte) ioId).put((byte) value); // one 1-byte value
            rec.put((byte) 0).put((byte) 0).put((byte) 0); // 2-, 4- and 8-byte groups
            data.writeBytes(rec.array());
        }
        data.write(records.size());
        byte[] d = data.toByteArray();
        ByteBuffer packet = ByteBuffer.allocate(8 + d.length + 4);
        packet.putInt(0).putInt(d.length).put(d).putInt(crc16Ibm(d));
        return packet.array();
    }

    static int crc16Ibm(byte[] data) {
        int crc = 0;
        for (byte value : data) {
            crc ^= value & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc & 0xFFFF;
    }
}
