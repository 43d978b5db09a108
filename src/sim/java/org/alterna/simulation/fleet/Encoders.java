package org.alterna.simulation.fleet;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Frames exactly as the devices build them, byte by byte from the manufacturers' documents: Teltonika Codec 8
 * ("Teltonika Data Sending Protocols", Codec 8), Concox GT06 ("GT06 GPS Tracker Communication Protocol" v1.8:
 * login 0x01, location 0x12/0x22, status 0x13, alarm 0x16), H02 text ({@code *HQ,...#}, Sinotrack protocol sheet)
 * and the OsmAnd / Traccar Client HTTP query.
 */
final class Encoders {
    /** Knots per km/h: H02 and OsmAnd carry speed in knots. */
    static final double KNOTS_PER_KMH = 1 / 1.852;
    /** GT06 voltage levels 0..6 as the ankle-tag profile maps them to a battery percentage. */
    static final int[] GT06_LEVELS = {0, 10, 25, 40, 60, 80, 100};
    /** Lima's cell network as the tags see it: MCC 716 (Peru), MNC 10 (Claro). */
    static final int MCC = 716;
    static final int MNC = 10;

    private Encoders() {
    }

    // ------------------------------------------------------------------------------------------ Teltonika

    /** {@code 00 0F} + the IMEI in ASCII. The server answers {@code 01} (accept) or {@code 00} (refuse). */
    static byte[] teltonikaLogin(String imei) {
        byte[] id = imei.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[id.length + 2];
        out[0] = (byte) (id.length >> 8);
        out[1] = (byte) id.length;
        System.arraycopy(id, 0, out, 2, id.length);
        return out;
    }

    /**
     * An AVL data packet, Codec 8: preamble 0, data length, codec 0x08, record count, records, record count again,
     * CRC-16/IBM over codec..count (4 bytes, upper two zero). The server acknowledges with the record count (4 bytes).
     * IO elements of an ankle tag: 1 (DIN1, SOS), 2 (DIN2, strap loop: 1 = open), 21 (GSM signal), 69 (GNSS status),
     * 113 (battery %), 116 (charger connected), 182 (HDOP x10), 66 (external voltage, mV).
     */
    static byte[] teltonikaAvl(List<SimFix> records) {
        if (records.isEmpty() || records.size() > 255) {
            throw new IllegalArgumentException("1..255 records per packet");
        }
        Bytes data = new Bytes();
        data.u8(0x08).u8(records.size());
        for (SimFix f : records) {
            data.u64(f.time().toEpochMilli());
            data.u8(f.strapOpen() ? 2 : 0); // priority: 0 low, 1 high, 2 panic
            data.s32((int) Math.round(f.lon() * 1e7)).s32((int) Math.round(f.lat() * 1e7));
            data.u16((int) Math.round(f.altitude()) & 0xFFFF);
            data.u16((int) Math.round(f.course()) % 360);
            data.u8(f.valid() ? f.satellites() : 0); // no fix: 0 satellites, last known position
            data.u16(f.valid() ? (int) Math.round(f.speedKmh()) : 0);
            data.u8(f.strapOpen() ? 2 : 0); // event IO id: the strap input when it is the cause
            data.u8(8); // IO elements in total
            data.u8(6) // 1-byte IO
                    .u8(1).u8(0)
                    .u8(2).u8(f.strapOpen() ? 1 : 0)
                    .u8(21).u8(4)
                    .u8(69).u8(f.valid() ? 1 : 2)
                    .u8(113).u8(f.battery())
                    .u8(116).u8(f.charging() ? 1 : 0);
            data.u8(2) // 2-byte IO
                    .u8(182).u16((int) Math.round(f.hdop() * 10))
                    .u8(66).u16(f.charging() ? 5000 : 0);
            data.u8(0).u8(0); // no 4-byte or 8-byte IO
        }
        data.u8(records.size());
        byte[] body = data.toBytes();
        Bytes out = new Bytes();
        out.u32(0).u32(body.length).raw(body).u32(Crc.crc16Ibm(body, 0, body.length));
        return out.toBytes();
    }

    // ------------------------------------------------------------------------------------------ GT06

    /** Login 0x01: the IMEI as 8 BCD bytes (a leading 0 before the 15 digits). */
    static byte[] gt06Login(String imei, int serial) {
        String digits = (imei.length() % 2 == 1 ? "0" : "") + imei;
        if (digits.length() != 16) {
            throw new IllegalArgumentException("GT06 IMEI must have 15 or 16 digits: " + imei);
        }
        Bytes c = new Bytes();
        for (int i = 0; i < 16; i += 2) {
            c.u8(((digits.charAt(i) - '0') << 4) | (digits.charAt(i + 1) - '0'));
        }
        return gt06Packet(0x01, c.toBytes(), serial);
    }

    /**
     * Location 0x22 (GPS + LBS + ACC, upload mode, re-upload flag; the later firmware form of 0x12) or, with
     * {@code classic}, 0x12 (GPS + LBS only). {@code reupload}: a buffered record sent late.
     */
    static byte[] gt06Location(SimFix f, int serial, boolean classic, boolean reupload, int cellId) {
        Bytes c = new Bytes();
        gt06Gps(c, f);
        c.u16(MCC).u8(MNC).u16(0x1F41).u24(cellId);
        if (!classic) {
            c.u8(1).u8(0x00).u8(reupload ? 1 : 0); // ACC on, upload mode "timed", re-upload flag
        }
        return gt06Packet(classic ? 0x12 : 0x22, c.toBytes(), serial);
    }

    /** Status / heartbeat 0x13: terminal information, voltage level, GSM signal, alarm and language. */
    static byte[] gt06Heartbeat(SimFix f, int serial) {
        Bytes c = new Bytes();
        c.u8(terminalInfo(f)).u8(voltageLevel(f.battery())).u8(4).u8(0x00).u8(0x02);
        return gt06Packet(0x13, c.toBytes(), serial);
    }

    /** Alarm 0x16: GPS, LBS with its length byte, terminal status, alarm code (0x18 = strap removed), language. */
    static byte[] gt06Alarm(SimFix f, int alarmCode, int serial, int cellId) {
        Bytes c = new Bytes();
        gt06Gps(c, f);
        c.u8(9).u16(MCC).u8(MNC).u16(0x1F41).u24(cellId);
        c.u8(terminalInfo(f)).u8(voltageLevel(f.battery())).u8(4).u8(alarmCode).u8(0x02);
        return gt06Packet(0x16, c.toBytes(), serial);
    }

    private static void gt06Gps(Bytes c, SimFix f) {
        LocalDateTime t = LocalDateTime.ofInstant(f.time(), ZoneOffset.UTC);
        c.u8(t.getYear() % 100).u8(t.getMonthValue()).u8(t.getDayOfMonth()).u8(t.getHour()).u8(t.getMinute())
                .u8(t.getSecond());
        c.u8(0xC0 | Math.min(15, f.valid() ? f.satellites() : 0)); // length of GPS info (12) | satellites
        c.u32(Math.round(Math.abs(f.lat()) * 1_800_000.0));
        c.u32(Math.round(Math.abs(f.lon()) * 1_800_000.0));
        c.u8(f.valid() ? (int) Math.min(255, Math.round(f.speedKmh())) : 0);
        int course = (int) Math.round(f.course()) % 360;
        int flags = course & 0x3FF;
        if (f.valid()) {
            flags |= 0x1000; // positioned
        }
        if (f.lat() >= 0) {
            flags |= 0x0400; // north latitude
        }
        if (f.lon() < 0) {
            flags |= 0x0800; // west longitude
        }
        c.u16(flags); // bit 13 = 0: real-time GPS
    }

    private static int terminalInfo(SimFix f) {
        int info = 0x01 | 0x02 | 0x40; // defence, ACC high, GPS tracking on
        if (f.charging()) {
            info |= 0x04;
        }
        if (f.battery() <= 10 && !f.charging()) {
            info |= 0b011 << 3; // low battery alarm
        }
        return info;
    }

    static int voltageLevel(int battery) {
        int level = 0;
        for (int i = 0; i < GT06_LEVELS.length; i++) {
            if (battery >= GT06_LEVELS[i]) {
                level = i;
            }
        }
        return level;
    }

    /** {@code 7878 len protocol content serial crc 0D0A}; len counts protocol..crc. */
    static byte[] gt06Packet(int protocol, byte[] content, int serial) {
        Bytes b = new Bytes();
        b.u8(0x78).u8(0x78).u8(content.length + 5).u8(protocol).raw(content).u16(serial & 0xFFFF);
        byte[] partial = b.toBytes();
        int crc = Crc.crcItu(partial, 2, partial.length);
        return b.u16(crc).u8(0x0D).u8(0x0A).toBytes();
    }

    /** A GT06 answer 0x21 to an online command: the server flag echoed, ASCII, {@code text}. */
    static byte[] gt06CommandAnswer(long serverFlag, String text, int serial) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Bytes c = new Bytes().u32(serverFlag).u8(1).raw(t);
        byte[] content = c.toBytes();
        Bytes b = new Bytes();
        b.u8(0x79).u8(0x79).u16(content.length + 5).u8(0x21).raw(content).u16(serial & 0xFFFF);
        byte[] partial = b.toBytes();
        int crc = Crc.crcItu(partial, 2, partial.length);
        return b.u16(crc).u8(0x0D).u8(0x0A).toBytes();
    }

    /** A Teltonika Codec 12 response (type 06) carrying {@code text}. */
    static byte[] teltonikaCommandAnswer(String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] data = new Bytes().u8(0x0C).u8(1).u8(0x06).u32(t.length).raw(t).u8(1).toBytes();
        return new Bytes().u32(0).u32(data.length).raw(data).u32(Crc.crc16Ibm(data, 0, data.length)).toBytes();
    }

    // ------------------------------------------------------------------------------------------ H02

    /**
     * {@code *HQ,<id>,V1,HHMMSS,A|V,DDMM.MMMM,N|S,DDDMM.MMMM,E|W,speed(knots),course,DDMMYY,status#}. The status word
     * is negative logic (a 0 bit is an active condition); FFFFFBFF = only ACC (bit 10) on.
     */
    static byte[] h02Position(String id, SimFix f) {
        LocalDateTime t = LocalDateTime.ofInstant(f.time(), ZoneOffset.UTC);
        String text = String.format(Locale.ROOT, "*HQ,%s,V1,%02d%02d%02d,%s,%s,%s,%s,%s,%.2f,%d,%02d%02d%02d,FFFFFBFF#",
                id, t.getHour(), t.getMinute(), t.getSecond(), f.valid() ? "A" : "V",
                degMin(Math.abs(f.lat()), 2), f.lat() < 0 ? "S" : "N", degMin(Math.abs(f.lon()), 3),
                f.lon() < 0 ? "W" : "E", f.valid() ? f.speedKmh() * KNOTS_PER_KMH : 0.0,
                (int) Math.round(f.course()) % 360, t.getDayOfMonth(), t.getMonthValue(), t.getYear() % 100);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code *HQ,<id>,LINK,HHMMSS,gsm,satellites,battery%,steps,rolls,DDMMYY,status#}. */
    static byte[] h02Link(String id, SimFix f) {
        LocalDateTime t = LocalDateTime.ofInstant(f.time(), ZoneOffset.UTC);
        String text = String.format(Locale.ROOT, "*HQ,%s,LINK,%02d%02d%02d,4,%d,%d,0,0,%02d%02d%02d,FFFFFBFF#", id,
                t.getHour(), t.getMinute(), t.getSecond(), f.valid() ? f.satellites() : 0, f.battery(),
                t.getDayOfMonth(), t.getMonthValue(), t.getYear() % 100);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String degMin(double deg, int degDigits) {
        int d = (int) deg;
        double min = (deg - d) * 60;
        String s = String.format(Locale.ROOT, "%0" + degDigits + "d%07.4f", d, min);
        if (s.length() > degDigits + 7) { // minutes rounded up to 60.0000
            s = String.format(Locale.ROOT, "%0" + degDigits + "d%07.4f", d + 1, 0.0);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ OsmAnd

    /** The query string of the Traccar Client / OsmAnd protocol (speed in knots, timestamp in unix seconds). */
    static String osmandQuery(String id, SimFix f) {
        return String.format(Locale.ROOT,
                "/?id=%s&timestamp=%d&lat=%.6f&lon=%.6f&speed=%.1f&bearing=%d&altitude=%.0f&accuracy=%.1f&hdop=%.1f"
                        + "&sat=%d&batt=%d&charge=%s&valid=%s&strap=%s",
                URLEncoder.encode(id, StandardCharsets.UTF_8), f.time().getEpochSecond(), f.lat(), f.lon(),
                f.speedKmh() * KNOTS_PER_KMH, (int) Math.round(f.course()) % 360, f.altitude(), f.accuracy(),
                f.hdop(), f.valid() ? f.satellites() : 0, f.battery(), f.charging(), f.valid(),
                f.strapOpen() ? "open" : "closed");
    }

    // ------------------------------------------------------------------------------------------ bytes

    /** Big-endian byte writer. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Bytes u8(int v) {
            out.write(v & 0xFF);
            return this;
        }

        Bytes u16(int v) {
            return u8(v >> 8).u8(v);
        }

        Bytes u24(int v) {
            return u8(v >> 16).u8(v >> 8).u8(v);
        }

        Bytes u32(long v) {
            return u16((int) (v >> 16)).u16((int) v);
        }

        Bytes s32(int v) {
            return u32(v & 0xFFFFFFFFL);
        }

        Bytes u64(long v) {
            return u32(v >>> 32).u32(v & 0xFFFFFFFFL);
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
