package org.alterna.gateway.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test-side frame builder: appends big-endian fields and computes the protocols' CRCs independently. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", "").toLowerCase());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    Bytes u8(int v) {
        out.write(v & 0xFF);
        return this;
    }

    Bytes u16(int v) {
        return u8(v >> 8).u8(v);
    }

    Bytes u24(int v) {
        return u8(v >> 16).u16(v);
    }

    Bytes u32(long v) {
        return u16((int) (v >> 16)).u16((int) v);
    }

    Bytes u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    Bytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Bytes hexBytes(String h) {
        return raw(hex(h));
    }

    Bytes ascii(String s) {
        return raw(s.getBytes(StandardCharsets.US_ASCII));
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** CRC-16/ARC computed bit by bit from the textbook definition (reflected poly 0x8005). */
    static int crcArc(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            int x = Integer.reverse(b[i] & 0xFF) >>> 24;
            for (int k = 7; k >= 0; k--) {
                boolean bit = ((x >> k) & 1) != ((crc >> 15) & 1);
                crc = (crc << 1) & 0xFFFF;
                if (bit) {
                    crc ^= 0x8005;
                }
            }
        }
        return Integer.reverse(crc) >>> 16;
    }

    /** CRC-16/X-25 (CRC-ITU as Concox calls it), textbook MSB-first form of reflected poly 0x1021. */
    static int crcX25(byte[] b, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            int x = Integer.reverse(b[i] & 0xFF) >>> 24;
            for (int k = 7; k >= 0; k--) {
                boolean bit = ((x >> k) & 1) != ((Integer.reverse(crc) >>> 16 >> 15) & 1);
                int msbFirst = Integer.reverse(crc) >>> 16;
                msbFirst = (msbFirst << 1) & 0xFFFF;
                if (bit) {
                    msbFirst ^= 0x1021;
                }
                crc = Integer.reverse(msbFirst) >>> 16;
            }
        }
        return ~crc & 0xFFFF;
    }

    /** Wraps Teltonika AVL data (codec..count2) into preamble + length + data + CRC. */
    static byte[] teltonikaPacket(byte[] data) {
        int crc = crcArc(data, 0, data.length);
        return new Bytes().u32(0).u32(data.length).raw(data).u32(crc).bytes();
    }

    /** Wraps GT06 protocol number + content + serial into 0x7878 len ... crc 0D0A. */
    static byte[] gt06Packet(int protocol, byte[] content, int serial) {
        Bytes body = new Bytes().u8(content.length + 5).u8(protocol).raw(content).u16(serial);
        byte[] b = body.bytes();
        return new Bytes().u16(0x7878).raw(b).u16(crcX25(b, 0, b.length)).u16(0x0D0A).bytes();
    }
}
