package org.alterna.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.alterna.telemetry.Fix.DeviceAlarm;

/**
 * The building blocks Concox packets share (GT06, GT03, JM-VL03, JM-VL01, CT10 and the ankle tags built on them):
 * date and time, the GPS block, 2G and 4G cell blocks, the multi-cell block, terminal status and alarm codes.
 * Every reader consumes exactly its block from a {@link ByteReader} and writes into a {@link FixBuilder}.
 */
final class Gt06Blocks {
    /** Size of the GPS block: date (6), GPS info (1), latitude (4), longitude (4), speed (1), course/status (2). */
    static final int GPS_BLOCK = 18;

    private Gt06Blocks() {
    }

    /** Year, month, day, hour, minute, second (one byte each, UTC, year from 2000). */
    static Instant dateTime(ByteReader r) throws DecodeException {
        int at = r.position();
        int y = r.u8("year");
        int mo = r.u8("month");
        int d = r.u8("day");
        int h = r.u8("hour");
        int mi = r.u8("minute");
        int s = r.u8("second");
        try {
            return LocalDateTime.of(2000 + y, mo, d, h, mi, s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new DecodeException("invalid date " + y + "-" + mo + "-" + d + " " + h + ":" + mi + ":" + s, at);
        }
    }

    /** Whether the 6 bytes at {@code at} form a valid date and time. */
    static boolean isDateTime(byte[] b, int at, int end) {
        if (at < 0 || at + 6 > end) {
            return false;
        }
        int mo = b[at + 1] & 0xFF;
        int d = b[at + 2] & 0xFF;
        return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && (b[at + 3] & 0xFF) < 24 && (b[at + 4] & 0xFF) < 60
                && (b[at + 5] & 0xFF) < 60;
    }

    /** Whether the 8 bytes at {@code at} are a BCD IMEI (a leading zero digit, then 15 digits). */
    static boolean isBcdImei(byte[] b, int at, int end) {
        if (at < 0 || at + 8 > end || ((b[at] >> 4) & 0xF) != 0) {
            return false;
        }
        for (int i = at; i < at + 8; i++) {
            if (((b[i] >> 4) & 0xF) > 9 || (b[i] & 0xF) > 9) {
                return false;
            }
        }
        return true;
    }

    /** BCD digits, the leading zero of a 16-digit IMEI dropped. */
    static String bcdImei(ByteReader r, String what) throws DecodeException {
        int at = r.position();
        byte[] bcd = r.bytes(8, what);
        StringBuilder digits = new StringBuilder(16);
        for (int i = 0; i < bcd.length; i++) {
            int hi = (bcd[i] >> 4) & 0xF;
            int lo = bcd[i] & 0xF;
            if (hi > 9 || lo > 9) {
                throw new DecodeException(what + " is not BCD", at + i);
            }
            digits.append(hi).append(lo);
        }
        return digits.charAt(0) == '0' ? digits.substring(1) : digits.toString();
    }

    /**
     * The GPS block: date and time, GPS info (high nibble: length of the GPS data, low nibble: satellites), latitude
     * and longitude (unsigned, 1/1 800 000 degree), speed (km/h), course and status: bits 0-9 course, bit 10 north,
     * bit 11 west, bit 12 positioned, bit 13 differential (0 = real-time).
     */
    static void gps(ByteReader r, FixBuilder fix) throws DecodeException {
        fix.time = dateTime(r);
        fix.satellites = r.u8("GPS info") & 0x0F;
        coordinatesAndCourse(r, fix, true);
    }

    /** Latitude, longitude, then speed (1) and course/status (2) when {@code speedFirst}, else status then speed (2). */
    static void coordinatesAndCourse(ByteReader r, FixBuilder fix, boolean speedFirst) throws DecodeException {
        int at = r.position();
        double lat = r.u32("latitude") / 1_800_000.0;
        double lon = r.u32("longitude") / 1_800_000.0;
        int flags;
        if (speedFirst) {
            fix.speedKmh = (double) r.u8("speed");
            flags = r.u16("course/status");
        } else {
            flags = r.u16("course/status");
            fix.speedKmh = (double) r.u16("speed");
        }
        courseStatus(flags, fix);
        if ((flags & 0x0400) == 0) {
            lat = -lat;
        }
        if ((flags & 0x0800) != 0) {
            lon = -lon;
        }
        fix.position(lat, lon, at);
        fix.hasPosition = true;
    }

    static void courseStatus(int flags, FixBuilder fix) {
        fix.course = (double) (flags & 0x3FF);
        fix.valid = (flags & 0x1000) != 0;
        fix.io("gpsRealTime", (flags & 0x2000) == 0);
    }

    /**
     * A 2G cell: MCC (2; bit 15 set means a 2-byte MNC follows), MNC (1 or 2), LAC (2), cell id (3). With
     * {@code cellIdBytes} 4, the cell id of some LTE firmwares.
     */
    static void cell2g(ByteReader r, FixBuilder fix, int cellIdBytes) throws DecodeException {
        int mcc = r.u16("MCC");
        int mnc = (mcc & 0x8000) != 0 ? r.u16("MNC") : r.u8("MNC");
        int lac = r.u16("LAC");
        long cid = cellIdBytes == 4 ? r.u32("cell id") : r.u24("cell id");
        RadioEvidence.add(fix, RadioEvidence.tower(mcc & 0x7FFF, mnc, lac, cid, null));
    }

    /** A 4G cell (JM-VL03 0xA0-0xA4): MCC (2, bit 15: 2-byte MNC), MNC (1 or 2), LAC (4), cell id (8). */
    static void cell4g(ByteReader r, FixBuilder fix) throws DecodeException {
        int mcc = r.u16("MCC");
        int mnc = (mcc & 0x8000) != 0 ? r.u16("MNC") : r.u8("MNC");
        long lac = r.u32("LAC");
        long cid = r.s64("cell id");
        RadioEvidence.add(fix, RadioEvidence.tower(mcc & 0x7FFF, mnc, lac, cid, null));
    }

    /**
     * A cell block led by its length (alarm packets). The documents count the length byte itself (9 for a 2G cell,
     * 16 for a 4G one); some firmwares count only the cell bytes. A length too small for a cell means no cell.
     */
    static void cellWithLength(ByteReader r, FixBuilder fix, boolean fourG) throws DecodeException {
        int len = r.u8("LBS length");
        int minimum = fourG ? 15 : 8;
        int cellBytes = len > minimum ? len - 1 : len;
        int end = r.position() + cellBytes;
        if (cellBytes < minimum || cellBytes > r.remaining()) {
            r.skip(Math.min(cellBytes, r.remaining()), "LBS");
            return;
        }
        if (fourG) {
            cell4g(r, fix);
        } else {
            cell2g(r, fix, 3);
        }
        if (r.position() < end) {
            r.skip(end - r.position(), "LBS");
        }
    }

    /**
     * Serving cell and up to six neighbours (0x28, 0x18, 0x1E, 0x2C; 0xA1 with 4G cells): MCC, MNC, then
     * {@code count} times LAC, cell id, signal strength (0-255); a neighbour with LAC and cell id 0 is absent.
     */
    static void cells(ByteReader r, FixBuilder fix, int count, boolean fourG) throws DecodeException {
        int mcc = r.u16("MCC");
        int mnc = (mcc & 0x8000) != 0 ? r.u16("MNC") : r.u8("MNC");
        for (int i = 0; i < count && r.remaining() >= (fourG ? 13 : 6); i++) {
            long lac = fourG ? r.u32("LAC") : r.u16("LAC");
            long cid = fourG ? r.s64("cell id") : r.u24("cell id");
            int rssi = r.u8("signal strength");
            if (i == 0 || lac != 0 || cid != 0) {
                RadioEvidence.add(fix, RadioEvidence.tower(mcc & 0x7FFF, mnc, lac, cid, rssi));
            }
        }
    }

    /**
     * Terminal information: bit 0 defence, bit 1 ACC, bit 2 charging, bits 3-5 alarm (100 SOS, 011 low battery, 010
     * power cut, 001 vibration), bit 6 GPS tracking, bit 7 oil and electricity cut.
     */
    static void terminalInfo(int info, FixBuilder fix) {
        fix.io("terminalInfo", info);
        fix.io("defence", (info & 0x01) != 0);
        fix.io("acc", (info & 0x02) != 0);
        fix.io("charging", (info & 0x04) != 0);
        fix.io("gpsTracking", (info & 0x40) != 0);
        fix.io("oilElectricityDisconnected", (info & 0x80) != 0);
        switch ((info >> 3) & 0x07) {
            case 0b100 -> fix.alarms.add(DeviceAlarm.SOS);
            case 0b011 -> fix.alarms.add(DeviceAlarm.LOW_BATTERY);
            case 0b010 -> fix.alarms.add(DeviceAlarm.POWER_CUT);
            case 0b001 -> fix.io("vibration", true);
            default -> { }
        }
    }

    /** Terminal information, voltage level (0-6), GSM signal (0-4). */
    static void terminalStatus(ByteReader r, FixBuilder fix) throws DecodeException {
        terminalInfo(r.u8("terminal information"), fix);
        fix.io("voltageLevel", r.u8("voltage level"));
        fix.io("gsmSignal", r.u8("GSM signal"));
    }

    /** Alarm byte and language byte; the alarm code goes to {@code alarmCode} and, when known, to an alarm. */
    static void alarmAndLanguage(ByteReader r, FixBuilder fix) throws DecodeException {
        int alarm = r.u8("alarm");
        r.u8("language");
        fix.io("alarmCode", alarm);
        alarmFromCode(alarm, fix);
    }

    /**
     * Alarm codes of the Concox documents: 01 SOS, 02 power cut, 03 vibration, 04/05 fence in/out, 06 overspeed,
     * 09 moved (tow), 0E low external battery, 0F low-voltage protection, 13 tamper, 14 door, 18 cover removed,
     * 19 low internal battery, 23 fall. Model-specific meanings (a strap) come from the profile.
     */
    static void alarmFromCode(int code, FixBuilder fix) {
        switch (code) {
            case 0x01 -> fix.alarms.add(DeviceAlarm.SOS);
            case 0x02 -> fix.alarms.add(DeviceAlarm.POWER_CUT);
            case 0x0E, 0x0F, 0x19 -> fix.alarms.add(DeviceAlarm.LOW_BATTERY);
            case 0x13, 0x18, 0x25 -> fix.alarms.add(DeviceAlarm.TAMPER);
            case 0x03, 0x09 -> fix.io("vibration", true);
            case 0x04 -> fix.io("fence", "enter");
            case 0x05 -> fix.io("fence", "exit");
            case 0x06 -> fix.io("overspeed", true);
            case 0x23 -> fix.io("fall", true);
            default -> { }
        }
    }

    /** Battery as the 4G packets send it: a level 0-6 below 7, a percentage from 7 up. */
    static void batteryLevelOrPercent(int value, FixBuilder fix) {
        if (value <= 6) {
            fix.io("voltageLevel", value);
        } else if (value <= 100) {
            fix.batteryPercent = value;
        }
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
