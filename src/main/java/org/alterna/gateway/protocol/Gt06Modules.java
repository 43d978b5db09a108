package org.alterna.gateway.protocol;

import java.time.Instant;
import org.alterna.telemetry.Fix.DeviceAlarm;

/**
 * Packet 0x70 of the Concox asset trackers (CT10, JM-LL01): a list of modules, each a 2-byte id, a 2-byte length and
 * its data. <b>Inferred layout</b>: no manufacturer document of packet 0x70 was at hand; the module ids below were
 * read from device frames in public test data, not from Concox. Modules: 0x0001 IMEI, 0x0002 IMSI, 0x0003 ICCID
 * (BCD), 0x0009 satellites in use, 0x000A satellites in view, 0x0011 serving cell, 0x0018 battery voltage (0.01 V),
 * 0x0028 HDOP (0.1), 0x0029 record index, 0x002B boot reason, 0x002E mileage, 0x0033 GPS (UTC seconds, satellites,
 * altitude, latitude, longitude, speed, course and status as in the GPS block), 0x0034 event (its first byte), 0x0035
 * "anti-removal" state (bit 0 kept as {@code tamper}). Other modules are skipped. A GPS module with time 0 carries no
 * position.
 *
 * <p>Module 0x0035 bit 0 raises <em>no</em> alarm here: an asset tracker's removal switch is not an ankle strap, and
 * its meaning is undocumented, so turning it into a {@link DeviceAlarm#TAMPER} (a strap-tamper alarm) could page the
 * monitoring centre for nothing. A model whose own document says it is the strap maps it in its profile
 * ({@code "alarms": {"tamper": "TAMPER"}}).
 */
final class Gt06Modules {
    private Gt06Modules() {
    }

    static void decode(ByteReader c, FixBuilder fix) throws DecodeException {
        while (c.remaining() >= 4) {
            int id = c.u16("module id");
            int length = c.u16("module length");
            int end = c.position() + length;
            ByteReader m = new ByteReader(c.data(), c.position(), Math.min(end, c.end()));
            c.skip(length, "module data");
            switch (id) {
                case 0x0001 -> fix.io("imei", bcd(m, length));
                case 0x0002 -> fix.io("imsi", bcd(m, length));
                case 0x0003 -> fix.io("iccid", bcd(m, length));
                case 0x0009 -> fix.satellites = m.u8("satellites");
                case 0x000A -> fix.io("satellitesInView", m.u8("satellites in view"));
                case 0x0011 -> {
                    if (length >= 8) {
                        Gt06Blocks.cell2g(m, fix, 3);
                    }
                }
                case 0x0018 -> fix.io("batteryVoltage", m.u16("battery voltage") / 100.0);
                case 0x0028 -> fix.hdop = m.u8("HDOP") / 10.0;
                case 0x0029 -> fix.io("index", m.u32("index"));
                case 0x002B -> fix.io("bootReason", m.u8("boot reason"));
                case 0x002E -> fix.io("mileage", m.u32("mileage"));
                case 0x0033 -> gps(m, fix);
                case 0x0034 -> fix.io("event", m.u8("event"));
                case 0x0035 -> {
                    int state = m.u8("anti-removal state");
                    fix.io("tamper", (state & 0x01) != 0); // an alarm only through the model profile
                    fix.io("antiRemoval", state);
                }
                default -> { }
            }
        }
    }

    private static void gps(ByteReader m, FixBuilder fix) throws DecodeException {
        long seconds = m.u32("GPS time");
        int satellites = m.u8("satellites");
        double altitude = (short) m.u16("altitude");
        if (seconds == 0) {
            return; // no fix since power-on
        }
        fix.time = Instant.ofEpochSecond(seconds);
        Gt06Blocks.coordinatesAndCourse(m, fix, true);
        fix.altitude = altitude;
        if (fix.satellites == null) {
            fix.satellites = satellites;
        }
    }

    private static String bcd(ByteReader m, int length) throws DecodeException {
        StringBuilder s = new StringBuilder(length * 2);
        for (byte b : m.bytes(length, "BCD")) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        String digits = s.toString();
        return digits.length() == 16 && digits.charAt(0) == '0' ? digits.substring(1) : digits;
    }
}
