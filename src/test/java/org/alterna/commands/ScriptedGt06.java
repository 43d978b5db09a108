package org.alterna.commands;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GT06 device for tests, built byte by byte from Concox's JM-VL03 protocol: login (0x01), the online command it
 * receives (0x80) read back field by field, and its answers (0x21, 0x15) echoing the server flag. Blocking, one socket.
 */
final class ScriptedGt06 implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int serial = 1;

    /** A command as the device received it. */
    record Received(int protocol, long serverFlag, String text, int serial) {
    }

    ScriptedGt06(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    void timeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    /** Logs in; true if the server acknowledged (7878 05 01 ...). */
    boolean login(String imei) throws IOException {
        String padded = imei.length() % 2 == 0 ? imei : "0" + imei;
        byte[] bcd = new byte[8];
        for (int i = 0; i < 8 && 2 * i < padded.length(); i++) {
            bcd[i] = (byte) Integer.parseInt(padded.substring(2 * i, 2 * i + 2), 16);
        }
        send(packet(0x01, bcd, serial++));
        byte[] ack = readFrame();
        return ack != null && (ack[3] & 0xFF) == 0x01;
    }

    /** Reads the next frame the server sends and returns it if it is an online command (0x80), else fails. */
    Received readCommand() throws IOException {
        byte[] f = readFrame();
        if (f == null) {
            throw new IOException("closed");
        }
        int protocol = f[3] & 0xFF;
        if (protocol != 0x80) {
            throw new IOException("expected an online command, got protocol " + Integer.toHexString(protocol));
        }
        int commandLength = f[4] & 0xFF;
        long flag = ((long) (f[5] & 0xFF) << 24) | ((f[6] & 0xFF) << 16) | ((f[7] & 0xFF) << 8) | (f[8] & 0xFF);
        String text = new String(f, 9, commandLength - 4, StandardCharsets.US_ASCII);
        int s = ((f[f.length - 6] & 0xFF) << 8) | (f[f.length - 5] & 0xFF);
        return new Received(protocol, flag, text, s);
    }

    /** The universal answer 0x21: server flag, encoding 1 (ASCII), text. */
    void answer21(long flag, String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] c = new byte[5 + t.length];
        c[0] = (byte) (flag >>> 24);
        c[1] = (byte) (flag >>> 16);
        c[2] = (byte) (flag >>> 8);
        c[3] = (byte) flag;
        c[4] = 1;
        System.arraycopy(t, 0, c, 5, t.length);
        int length = 1 + c.length + 4;
        byte[] f = new byte[4 + length + 2];
        f[0] = 0x79;
        f[1] = 0x79;
        f[2] = (byte) (length >> 8);
        f[3] = (byte) length;
        f[4] = 0x21;
        System.arraycopy(c, 0, f, 5, c.length);
        finish(f, 5 + c.length, serial++);
        send(f);
    }

    /** The old answer 0x15: length, server flag, text, language 0002. */
    void answer15(long flag, String text) throws IOException {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] c = new byte[1 + 4 + t.length + 2];
        c[0] = (byte) (4 + t.length);
        c[1] = (byte) (flag >>> 24);
        c[2] = (byte) (flag >>> 16);
        c[3] = (byte) (flag >>> 8);
        c[4] = (byte) flag;
        System.arraycopy(t, 0, c, 5, t.length);
        c[c.length - 1] = 2;
        send(packet(0x15, c, serial++));
    }

    /** True if nothing arrives within {@code ms}. */
    boolean silentFor(int ms) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(ms);
        try {
            in.read();
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private byte[] readFrame() throws IOException {
        int a = in.read();
        if (a < 0) {
            return null;
        }
        int b = in.read();
        int length;
        byte[] head;
        if (a == 0x78 && b == 0x78) {
            length = in.readUnsignedByte();
            head = new byte[] {0x78, 0x78, (byte) length};
        } else {
            throw new IOException("unexpected start " + a + "," + b);
        }
        byte[] rest = new byte[length + 2];
        in.readFully(rest);
        byte[] f = new byte[head.length + rest.length];
        System.arraycopy(head, 0, f, 0, head.length);
        System.arraycopy(rest, 0, f, head.length, rest.length);
        return f;
    }

    private void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    static byte[] packet(int protocol, byte[] content, int serial) {
        byte[] f = new byte[content.length + 10];
        f[0] = 0x78;
        f[1] = 0x78;
        f[2] = (byte) (content.length + 5);
        f[3] = (byte) protocol;
        System.arraycopy(content, 0, f, 4, content.length);
        finish(f, 4 + content.length, serial);
        return f;
    }

    private static void finish(byte[] f, int at, int serial) {
        f[at] = (byte) (serial >> 8);
        f[at + 1] = (byte) serial;
        int crc = crcX25(f, 2, at + 2);
        f[at + 2] = (byte) (crc >> 8);
        f[at + 3] = (byte) crc;
        f[at + 4] = 0x0D;
        f[at + 5] = 0x0A;
    }

    /** CRC-ITU (X.25) as in the Concox document: init FFFF, reflected polynomial 8408, result inverted. */
    static int crcX25(byte[] d, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            crc ^= d[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
        }
        return ~crc & 0xFFFF;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
