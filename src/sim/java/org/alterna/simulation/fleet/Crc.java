package org.alterna.simulation.fleet;

/**
 * The two checksums the simulated devices compute, written from the manufacturers' documents. Kept apart from the
 * gateway's own checksum code on purpose: the simulator checks the gateway like a real device does, and a mistake
 * shared by both sides would go unnoticed.
 */
final class Crc {
    private Crc() {
    }

    /**
     * CRC-16/IBM (a.k.a. CRC-16/ARC) as in Teltonika's "Codec" documentation: polynomial 0x8005 reflected (0xA001),
     * initial value 0, no final XOR; computed over codec id .. second record count.
     */
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

    /**
     * CRC-ITU as in the Concox GT06 protocol document (CRC-16/X-25): polynomial 0x1021 reflected (0x8408), initial
     * value 0xFFFF, final XOR 0xFFFF; computed from the packet length byte to the serial number.
     */
    static int crcItu(byte[] data, int from, int to) {
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
