package org.alterna.gateway.protocol;

/** The CRCs the supported protocols use. */
final class Checksums {
    private Checksums() {
    }

    /** CRC-16/IBM (ARC): poly 0xA001 reflected, init 0; Teltonika AVL packets. */
    static int crc16Ibm(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc & 0xFFFF;
    }

    /** CRC-ITU as Concox documents it (CRC-16/X-25: poly 0x8408 reflected, init and xorout 0xFFFF); GT06. */
    static int crc16X25(byte[] data, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
        }
        return ~crc & 0xFFFF;
    }
}
