package org.alterna.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H02 (Sinotrack and its many clones) over TCP (port 5013).
 *
 * <p>Text frames {@code *HQ,<id>,<type>,...#} (any two-letter maker code) and the binary {@code $} form (32 or 45
 * bytes, BCD; 42 bytes when the id is a 15-digit IMEI). VP1 (the answer to a position request) has a date but no
 * time of day: its fix is stamped at the start of that day (UTC), marked {@code timeOfDayUnknown} and never valid. Position types (V1, VI1, V2, V4, V6, V19 ...): {@code HHMMSS,A|V,DDMM.MMMM,N|S,DDDMM.MMMM,E|W,
 * speed(knots),course,DDMMYY,status(hex)}. The status word is negative logic: {@code io.activeBits} holds it
 * inverted, and the profile maps its bits to alarms (default: bit 18 SOS, bit 19 power cut); {@code io.acc} is
 * bit 10. NBR (every cell into {@code io.cells}), LINK (signal, satellites, battery) and HTBT become
 * {@link DeviceMessage.Status}; other types
 * a Status of type {@code unsupported}. H02 expects no replies: every reply is empty.
 *
 * <p>H02 has no login: the first frame of a connection (session without device id) yields a
 * {@link DeviceMessage.Login} with empty replies followed by the message itself, so the gateway checks the device
 * like any other; later frames naming another id are a DecodeException (one connection, one device).
 */
public final class H02Protocol implements TrackerProtocol {
    static final int MAX_TEXT_LENGTH = 1024;
    static final int BINARY_SHORT = 32;
    static final int BINARY_LONG = 45;
    /** Binary frames whose id is a 15-digit IMEI (8 BCD bytes) instead of 10 digits: 42 bytes as seen in the field. */
    static final int BINARY_IMEI = 42;
    static final int DEVICE_ID_BYTES = 5;
    static final int IMEI_ID_BYTES = 8;
    private static final Pattern NEGATIVE_COORDINATE = Pattern.compile("-(\\d{1,3})-(\\d{1,2}(?:\\.\\d{1,9})?)");

    @Override
    public String name() {
        return "h02";
    }

    @Override
    public int defaultPort() {
        return 5013;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new FrameDecoder(this::frameLength);
    }

    @Override
    public Framer framer() {
        return this::frameLength;
    }

    /**
     * A text frame up to and including {@code #} (leading CR/LF/space belong to it), or a binary frame of 32 bytes
     * (45 when the byte after 32 does not start a frame). See {@link Framer}.
     */
    public int frameLength(ByteBuf in) throws DecodeException {
        int r = in.readerIndex();
        int readable = in.readableBytes();
        int skip = 0;
        while (skip < readable && isBlank(in.getByte(r + skip))) {
            skip++;
        }
        if (skip > MAX_TEXT_LENGTH) {
            throw new DecodeException("more than " + MAX_TEXT_LENGTH + " blank bytes", 0);
        }
        if (skip == readable) {
            return -1;
        }
        byte marker = in.getByte(r + skip);
        if (marker == '*') {
            int limit = Math.min(readable, MAX_TEXT_LENGTH + skip);
            for (int i = skip + 1; i < limit; i++) {
                if (in.getByte(r + i) == '#') {
                    return i + 1;
                }
            }
            if (readable >= MAX_TEXT_LENGTH + skip) {
                throw new DecodeException("no '#' within " + MAX_TEXT_LENGTH + " bytes", skip);
            }
            return -1;
        }
        if (marker == '$') {
            int left = readable - skip;
            if (left < BINARY_SHORT) {
                return -1;
            }
            byte[] head = new byte[BINARY_SHORT];
            in.getBytes(r + skip, head);
            if (binaryIdBytes(head, 0) == IMEI_ID_BYTES) {
                return left >= BINARY_IMEI ? skip + BINARY_IMEI : -1;
            }
            if (left == BINARY_SHORT) {
                return skip + BINARY_SHORT;
            }
            byte next = in.getByte(r + skip + BINARY_SHORT);
            if (next == '$' || next == '*' || isBlank(next)) {
                return skip + BINARY_SHORT;
            }
            return left >= BINARY_LONG ? skip + BINARY_LONG : -1;
        }
        throw new DecodeException(String.format("unexpected byte 0x%02x: H02 frames start with '*' or '$'", marker),
                skip);
    }

    private static boolean isBlank(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == 0;
    }

    @Override
    public List<DeviceMessage> decode(byte[] frame, ProtocolSession session) throws DecodeException {
        int start = 0;
        while (start < frame.length && isBlank(frame[start])) {
            start++;
        }
        if (start == frame.length) {
            throw new DecodeException("empty frame", 0);
        }
        DeviceModelProfile profile = DeviceModelProfile.of(session, name());
        if (frame[start] == '$') {
            return withLogin(decodeBinary(frame, start, profile), session, start + 1);
        }
        if (frame[start] != '*') {
            throw new DecodeException("H02 frame must start with '*' or '$'", start);
        }
        int end = frame.length;
        while (end > start && isBlank(frame[end - 1])) {
            end--;
        }
        if (frame[end - 1] != '#') {
            throw new DecodeException("H02 text frame must end with '#'", end - 1);
        }
        String text = new String(frame, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
        String[] f = text.split(",", -1);
        if (f.length < 3 || f[1].isEmpty()) {
            throw new DecodeException("H02 frame without device id and type", start);
        }
        String id = f[1];
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isLetterOrDigit(id.charAt(i))) {
                throw new DecodeException("device id contains '" + id.charAt(i) + "'", start + 5 + i);
            }
        }
        DeviceMessage message = decodeText(id, f, profile, start);
        return withLogin(message, session, start);
    }

    private static List<DeviceMessage> withLogin(DeviceMessage message, ProtocolSession session, int offset)
            throws DecodeException {
        String known = session.deviceId();
        if (known == null) {
            session.deviceId(message.deviceId());
            return List.of(new DeviceMessage.Login(message.deviceId(), new byte[0], new byte[0]), message);
        }
        if (!known.equals(message.deviceId())) {
            throw new DecodeException("device id " + message.deviceId() + " differs from this connection's "
                    + known, offset);
        }
        return List.of(message);
    }

    private DeviceMessage decodeText(String id, String[] f, DeviceModelProfile profile, int offset)
            throws DecodeException {
        String type = f[2].toUpperCase();
        switch (type) {
            case "HTBT" -> {
                return new DeviceMessage.Status(id, Map.of("type", "heartbeat"), new byte[0]);
            }
            case "NBR" -> {
                FixBuilder fix = new FixBuilder(id);
                // NBR,HHMMSS,MCC,MNC,TA,count,(LAC,CID,RSSI)*count,DDMMYY,status
                if (f.length >= 11) {
                    int mcc = parseInt(f[4], "MCC", offset);
                    int mnc = parseInt(f[5], "MNC", offset);
                    int count = parseInt(f[7], "cell count", offset);
                    for (int i = 0; i < count && 10 + 3 * i < f.length; i++) {
                        RadioEvidence.add(fix, RadioEvidence.tower(mcc, mnc, parseInt(f[8 + 3 * i], "LAC", offset),
                                parseInt(f[9 + 3 * i], "cell id", offset), parseInt(f[10 + 3 * i], "RSSI", offset)));
                    }
                    fix.io("rssi", parseInt(f[10], "RSSI", offset));
                }
                statusWord(fix, f, offset);
                profile.apply(fix);
                return new DeviceMessage.Status(id, fix.statusMap("lbs"), new byte[0]);
            }
            case "LINK" -> {
                // LINK,HHMMSS,gsm,satellites,battery%,steps,rolls,DDMMYY,status
                FixBuilder fix = new FixBuilder(id);
                if (f.length >= 7) {
                    fix.io("gsmSignal", parseInt(f[4], "GSM signal", offset));
                    fix.io("satellites", parseInt(f[5], "satellites", offset));
                    int battery = parseInt(f[6], "battery", offset);
                    fix.io("battery", battery);
                    fix.batteryPercent = Math.max(0, Math.min(100, battery));
                }
                statusWord(fix, f, offset);
                profile.apply(fix);
                return new DeviceMessage.Status(id, fix.statusMap("link"), new byte[0]);
            }
            default -> {
                int k = positionIndex(f);
                if (k < 0 || !type.startsWith("V")) {
                    return new DeviceMessage.Status(id, Map.of("type", "unsupported", "messageType", f[2]),
                            new byte[0]);
                }
                return positionReport(id, f, k, profile, offset);
            }
        }
    }

    /** Index of the validity field: the one followed by latitude, N/S, longitude, E/W. */
    private static int positionIndex(String[] f) {
        for (int k = 3; k + 4 < f.length; k++) {
            if ((f[k + 2].equals("N") || f[k + 2].equals("S")) && (f[k + 4].equals("E") || f[k + 4].equals("W"))) {
                return k;
            }
        }
        return -1;
    }

    private DeviceMessage positionReport(String id, String[] f, int k, DeviceModelProfile profile, int offset)
            throws DecodeException {
        FixBuilder fix = new FixBuilder(id);
        if (k + 7 >= f.length) {
            throw new DecodeException("position without date", offset);
        }
        // VP1 (answer to a position request) carries a date but no time of day
        boolean dayOnly = k == 3;
        String time = dayOnly ? "000000" : f[k - 1];
        int dateAt = k + 7;
        if (!isDate(f[dateAt]) && dateAt + 1 < f.length && isDate(f[dateAt + 1])) {
            dateAt++; // some firmwares insert a field (satellites) before the date
        }
        String date = f[dateAt];
        if (f[k + 1].isBlank() || f[k + 3].isBlank() || time.isBlank() || date.isBlank()) {
            FixBuilder status = new FixBuilder(id);
            statusWordAt(status, f, dateAt + 1, offset);
            profile.apply(status);
            return new DeviceMessage.Status(id, status.statusMap("noPosition"), new byte[0]);
        }
        fix.time = dateTime(date, time, offset);
        if (f[2].equalsIgnoreCase("V4")) {
            // the answer to a command (V4, the command's type and parameters before the time): it confirms the
            // command sent, and carries a position like any report
            fix.io("response", String.join(",", java.util.Arrays.copyOfRange(f, 3, Math.max(3, k - 1))));
        }
        // without a time of day the fix cannot be placed on the timeline: kept as evidence, never as valid
        fix.valid = f[k].equals("A") && !dayOnly;
        if (dayOnly) {
            fix.io("timeOfDayUnknown", true);
        }
        double lat = coordinate(f[k + 1], 2, "latitude", offset);
        double lon = coordinate(f[k + 3], 3, "longitude", offset);
        fix.position(f[k + 2].equals("S") ? -Math.abs(lat) : lat, f[k + 4].equals("W") ? -Math.abs(lon) : lon,
                offset);
        fix.speedKmh = parseDouble(f[k + 5], "speed", offset) * 1.852;
        fix.course = f[k + 6].isBlank() ? null : parseDouble(f[k + 6], "course", offset);
        statusWordAt(fix, f, dateAt + 1, offset);
        profile.apply(fix);
        return new DeviceMessage.Report(id, List.of(fix.build()), new byte[0]);
    }

    private static boolean isDate(String s) {
        return s.length() == 6 && s.chars().allMatch(Character::isDigit);
    }

    private static void statusWord(FixBuilder fix, String[] f, int offset) throws DecodeException {
        // the status word is the last field that is 8 hex digits
        for (int i = f.length - 1; i >= 3; i--) {
            if (f[i].length() == 8 && f[i].chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                statusWordAt(fix, f, i, offset);
                return;
            }
        }
    }

    private static void statusWordAt(FixBuilder fix, String[] f, int i, int offset) throws DecodeException {
        if (i >= f.length || f[i].isBlank()) {
            return;
        }
        long status;
        try {
            status = Long.parseLong(f[i].trim(), 16);
        } catch (NumberFormatException e) {
            throw new DecodeException("status is not hex: '" + f[i] + "'", offset);
        }
        status &= 0xFFFFFFFFL;
        fix.io("status", String.format("%08X", status));
        fix.io("activeBits", ~status & 0xFFFFFFFFL);
        fix.io("acc", (status & (1 << 10)) != 0);
    }

    private static Instant dateTime(String date, String time, int offset) throws DecodeException {
        try {
            if (date.length() != 6 || time.length() < 6) {
                throw new DecodeException("bad date/time " + date + " " + time, offset);
            }
            int d = Integer.parseInt(date.substring(0, 2));
            int mo = Integer.parseInt(date.substring(2, 4));
            int y = Integer.parseInt(date.substring(4, 6));
            int h = Integer.parseInt(time.substring(0, 2));
            int mi = Integer.parseInt(time.substring(2, 4));
            int s = Integer.parseInt(time.substring(4, 6));
            return LocalDate.of(2000 + y, mo, d).atTime(LocalTime.of(h, mi, s)).toInstant(ZoneOffset.UTC);
        } catch (NumberFormatException | DateTimeException e) {
            throw new DecodeException("bad date/time " + date + " " + time, offset);
        }
    }

    /** DDMM.MMMM (or DDDMM.MMMM), the digits-only form with 4 implied decimals, or the "-DD-MM.MMMM" variant. */
    static double coordinate(String s, int degreeDigits, String what, int offset) throws DecodeException {
        String v = s.trim();
        Matcher m = NEGATIVE_COORDINATE.matcher(v);
        if (m.matches()) {
            return -(Integer.parseInt(m.group(1)) + Double.parseDouble(m.group(2)) / 60);
        }
        double value;
        if (v.contains(".")) {
            value = parseDouble(v, what, offset);
        } else if (v.length() == degreeDigits + 6 && v.chars().allMatch(Character::isDigit)) {
            value = Long.parseLong(v) / 10000.0;
        } else {
            throw new DecodeException("bad " + what + " '" + s + "'", offset);
        }
        if (value < 0) {
            throw new DecodeException("bad " + what + " '" + s + "'", offset);
        }
        int degrees = (int) (value / 100);
        double minutes = value - degrees * 100;
        if (minutes >= 60) {
            throw new DecodeException(what + " minutes out of range: '" + s + "'", offset);
        }
        return degrees + minutes / 60;
    }

    private static double parseDouble(String s, String what, int offset) throws DecodeException {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v) || v < 0 && !what.equals("latitude") && !what.equals("longitude")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DecodeException("bad " + what + " '" + s + "'", offset);
        }
    }

    private static int parseInt(String s, String what, int offset) throws DecodeException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new DecodeException("bad " + what + " '" + s + "'", offset);
        }
    }

    /**
     * {@code $ id(5 BCD) HHMMSS DDMMYY lat(DDMMmmmm) battery(1) lon(DDDMMmmmm)+flags(nibble) speed(3 digits knots)
     * course(3 digits) status(4)}: flags bit 1 valid, bit 2 north, bit 3 east.
     */
    private DeviceMessage decodeBinary(byte[] frame, int start, DeviceModelProfile profile) throws DecodeException {
        if (frame.length - start < BINARY_SHORT) {
            throw new DecodeException("binary H02 frame shorter than " + BINARY_SHORT + " bytes", start);
        }
        int idBytes = binaryIdBytes(frame, start);
        if (idBytes == IMEI_ID_BYTES && frame.length - start < BINARY_IMEI) {
            throw new DecodeException("binary H02 frame with an IMEI shorter than " + BINARY_IMEI + " bytes", start);
        }
        int shift = idBytes - DEVICE_ID_BYTES;
        String digits = bcd(frame, start + 1, start + 28 + shift, 2 * idBytes);
        String id = digits.substring(0, Math.min(15, 2 * idBytes)); // an IMEI is 15 digits and a filler nibble
        String rest = digits.substring(2 * idBytes);
        int at = start + 1 + idBytes;
        FixBuilder fix = new FixBuilder(id);
        fix.time = dateTime(rest.substring(6, 12), rest.substring(0, 6), at);
        double lat = coordinate(rest.substring(12, 20), 2, "latitude", at + 6);
        fix.io("battery", Integer.parseInt(rest.substring(20, 22), 16));
        double lon = coordinate(rest.substring(22, 31), 3, "longitude", at + 11);
        int flags = Character.digit(rest.charAt(31), 16);
        fix.valid = (flags & 0x02) != 0;
        fix.position((flags & 0x04) != 0 ? lat : -lat, (flags & 0x08) != 0 ? lon : -lon, at + 6);
        fix.speedKmh = parseInt(rest.substring(32, 35), "speed", at + 16) * 1.852;
        fix.course = (double) parseInt(rest.substring(35, 38), "course", at + 17);
        long status = new ByteReader(frame, start + 25 + shift, frame.length).u32("status");
        statusWordAt(fix, new String[] {Long.toHexString(status)}, 0, start + 25 + shift);
        profile.apply(fix);
        return new DeviceMessage.Report(id, List.of(fix.build()), new byte[0]);
    }

    /**
     * Width of the device id of the binary frame at {@code start}: 5 BCD bytes (10 digits) when a valid time and date
     * follow them, 8 (a 15-digit IMEI and a filler nibble) when they follow 8 bytes instead; 5 when neither fits (the
     * decoder then says what is wrong).
     */
    static int binaryIdBytes(byte[] b, int start) {
        for (int idBytes : new int[] {DEVICE_ID_BYTES, IMEI_ID_BYTES}) {
            int t = start + 1 + idBytes;
            if (t + 6 <= b.length && bcdByte(b[t]) < 24 && bcdByte(b[t + 1]) < 60 && bcdByte(b[t + 2]) < 60
                    && bcdByte(b[t + 3]) >= 1 && bcdByte(b[t + 3]) <= 31 && bcdByte(b[t + 4]) >= 1
                    && bcdByte(b[t + 4]) <= 12 && bcdByte(b[t + 5]) < 100) {
                return idBytes;
            }
        }
        return DEVICE_ID_BYTES;
    }

    /** The two BCD digits of a byte as a number, or 100 when it is not BCD. */
    private static int bcdByte(byte b) {
        int hi = (b >> 4) & 0xF;
        int lo = b & 0xF;
        return hi > 9 || lo > 9 ? 100 : hi * 10 + lo;
    }

    /**
     * Nibbles as hex digits; the id, time, date, latitude and longitude must be decimal (the battery byte after the
     * latitude is hex). Fields checked later are parsed where they are used.
     */
    private static String bcd(byte[] b, int from, int to, int idDigits) throws DecodeException {
        StringBuilder s = new StringBuilder((to - from) * 2);
        for (int i = from; i < to; i++) {
            s.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        String digits = s.toString();
        int battery = idDigits + 20;
        for (int i = 0; i < idDigits + 31; i++) {
            if ((i < battery || i > battery + 1) && !Character.isDigit(digits.charAt(i))) {
                throw new DecodeException("binary H02 field is not BCD", from + i / 2);
            }
        }
        return digits;
    }

}
