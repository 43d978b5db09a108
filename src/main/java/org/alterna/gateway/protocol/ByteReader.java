package org.alterna.gateway.protocol;

import java.nio.charset.StandardCharsets;

/** Bounds-checked big-endian reader over a frame: running past the end is a DecodeException, never an IOOBE. */
final class ByteReader {
    private final byte[] data;
    private final int end;
    private int pos;

    ByteReader(byte[] data, int from, int end) {
        this.data = data;
        this.pos = from;
        this.end = end;
    }

    ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    int position() {
        return pos;
    }

    /** The underlying frame, for looking ahead without consuming (with {@link #position()} and {@link #end()}). */
    byte[] data() {
        return data;
    }

    int end() {
        return end;
    }

    int remaining() {
        return end - pos;
    }

    private void need(int n, String what) throws DecodeException {
        if (n < 0 || end - pos < n) {
            throw new DecodeException("frame truncated: " + what + " needs " + n + " byte(s), " + (end - pos)
                    + " left", pos);
        }
    }

    int u8(String what) throws DecodeException {
        need(1, what);
        return data[pos++] & 0xFF;
    }

    int u16(String what) throws DecodeException {
        need(2, what);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int u24(String what) throws DecodeException {
        need(3, what);
        int v = ((data[pos] & 0xFF) << 16) | ((data[pos + 1] & 0xFF) << 8) | (data[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    long u32(String what) throws DecodeException {
        return s32(what) & 0xFFFFFFFFL;
    }

    int s32(String what) throws DecodeException {
        need(4, what);
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long s64(String what) throws DecodeException {
        long hi = u32(what);
        long lo = u32(what);
        return (hi << 32) | lo;
    }

    long unsigned(int size, String what) throws DecodeException {
        return switch (size) {
            case 1 -> u8(what);
            case 2 -> u16(what);
            case 4 -> u32(what);
            case 8 -> s64(what);
            default -> throw new IllegalArgumentException("size " + size);
        };
    }

    byte[] bytes(int n, String what) throws DecodeException {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    String ascii(int n, String what) throws DecodeException {
        return new String(bytes(n, what), StandardCharsets.ISO_8859_1);
    }

    void skip(int n, String what) throws DecodeException {
        need(n, what);
        pos += n;
    }
}
