package org.alterna.gateway.protocol;

/** The CRCs the supported protocols use (table-driven: one lookup per byte instead of eight shifts). */
final class Checksums {
    private static final int[] IBM = table(0xA001);
    private static final int[] X25 = table(0x8408);

    private Checksums() {
    }

    /** The byte-wise table of a reflected CRC-16 with polynomial {@code poly}. */
    private static int[] table(int poly) {
        int[] t = new int[256];
        for (int n = 0; n < 256; n++) {
            int crc = n;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
            t[n] = crc;
        }
        return t;
    }

    /** CRC-16/IBM (ARC): poly 0xA001 reflected, init 0; Teltonika AVL packets. */
    static int crc16Ibm(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ IBM[(crc ^ data[i]) & 0xFF];
        }
        return crc & 0xFFFF;
    }

    /** CRC-ITU as Concox documents it (CRC-16/X-25: poly 0x8408 reflected, init and xorout 0xFFFF); GT06. */
    static int crc16X25(byte[] data, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ X25[(crc ^ data[i]) & 0xFF];
        }
        return ~crc & 0xFFFF;
    }
}
