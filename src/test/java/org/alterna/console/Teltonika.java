package org.alterna.console;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A Teltonika tracker on a real TCP socket, frames built byte by byte after Teltonika's Codec 8 document: IMEI
 * login (2-byte length + ASCII), then an AVL packet (4 zero bytes, data length, codec 0x08, record count, records,
 * record count, CRC-16/IBM of the data) acknowledged by the server with the record count.
 */
final class Teltonika implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;

    Teltonika(int port, String imei) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        byte[] id = imei.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(ByteBuffer.allocate(2 + id.length).putShort((short) id.length).put(id).array());
        int accepted = in.read();
        if (accepted != 1) {
            throw new IOException("IMEI " + imei + " refused by the gateway: " + accepted);
        }
    }

    /** Sends one GPS record and returns the server's acknowledgement (the number of records accepted). */
    int send(Instant time, double lat, double lon, int batteryPercent) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0x08);           // codec 8
        data.write(1);              // one record
        ByteBuffer rec = ByteBuffer.allocate(8 + 1 + 15 + 2 + 1 + 1 + 3 + 1 + 1 + 1);
        rec.putLong(time.toEpochMilli());
        rec.put((byte) 0);          // priority
        rec.putInt((int) Math.round(lon * 1e7)).putInt((int) Math.round(lat * 1e7));
        rec.putShort((short) 150);  // altitude
        rec.putShort((short) 90);   // angle
        rec.put((byte) 9);          // satellites
        rec.putShort((short) 4);    // speed km/h
        rec.put((byte) 0);          // event IO id
        rec.put((byte) 1);          // total IO count
        rec.put((byte) 1);          // one 1-byte IO element:
        rec.put((byte) 113).put((byte) batteryPercent); // 113 = battery level %
        rec.put((byte) 0).put((byte) 0).put((byte) 0); // no 2, 4, 8-byte elements
        data.writeBytes(java.util.Arrays.copyOf(rec.array(), rec.position()));
        data.write(1);              // record count again
        byte[] d = data.toByteArray();
        ByteBuffer packet = ByteBuffer.allocate(8 + d.length + 4);
        packet.putInt(0).putInt(d.length).put(d).putInt(crc16Ibm(d));
        socket.getOutputStream().write(packet.array());
        socket.getOutputStream().flush();
        while (true) {
            int value = in.readInt();
            if (value != 0) {
                return value;
            }
            // a command from the server (Codec 12/14, e.g. pursuit mode during a breach) came before the ack: skip it
            in.skipNBytes(in.readInt() + 4L);
        }
    }

    /** CRC-16/IBM (polynomial 0xA001 reflected, initial 0), as Teltonika specifies. */
    static int crc16Ibm(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc & 0xFFFF;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
