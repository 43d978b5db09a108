package org.alterna.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command responses (Concox JM-VL03 7): 0x15 (length, server flag (4), ASCII text, language (2)) and 0x21 (server
 * flag (4), encoding (1: ASCII, 2: UTF-16BE), text). The text goes to {@code response}, the flag to
 * {@code serverFlag}. The answer to a location command ({@code WHERE#}, {@code DWXX#}) is a position:
 * {@code Lat:N23.111683,Lon:E114.409257,Course:0.00,Speed:0.00,DateTime:2017-05-26 10:27:47} (UTC); a reply that
 * says {@code Last position} is the last fix the device had, not a current one (not valid).
 */
final class Gt06Text {
    private static final Pattern LAT = Pattern.compile("Lat:([NS])(\\d{1,2}(?:\\.\\d+)?)");
    private static final Pattern LON = Pattern.compile("Lon:([EW])(\\d{1,3}(?:\\.\\d+)?)");
    private static final Pattern COURSE = Pattern.compile("Course:(\\d{1,3}(?:\\.\\d+)?)");
    private static final Pattern SPEED = Pattern.compile("Speed:(\\d{1,4}(?:\\.\\d+)?)");
    private static final Pattern TIME = Pattern.compile(
            "DateTime:(\\d{4})-(\\d{2})-(\\d{2})\\s+(\\d{2}):(\\d{2}):(\\d{2})");

    private Gt06Text() {
    }

    static void commandResponse(int protocol, ByteReader c, FixBuilder fix) throws DecodeException {
        String text;
        if (protocol == 0x15) {
            int length = c.u8("command length");
            fix.io("serverFlag", c.u32("server flag"));
            text = new String(c.bytes(Math.min(Math.max(length - 4, 0), c.remaining()), "command"),
                    StandardCharsets.ISO_8859_1);
        } else {
            fix.io("serverFlag", c.u32("server flag"));
            int encoding = c.u8("encoding");
            byte[] raw = c.bytes(c.remaining(), "content");
            text = new String(raw, encoding == 2 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
        }
        text = text.replace("\u0000", "").trim();
        fix.io("response", text);
        position(text, fix, c.position());
    }

    private static void position(String text, FixBuilder fix, int offset) throws DecodeException {
        Matcher lat = LAT.matcher(text);
        Matcher lon = LON.matcher(text);
        Matcher time = TIME.matcher(text);
        if (!lat.find() || !lon.find() || !time.find()) {
            return;
        }
        try {
            fix.time = LocalDate.of(Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)),
                    Integer.parseInt(time.group(3))).atTime(LocalTime.of(Integer.parseInt(time.group(4)),
                    Integer.parseInt(time.group(5)), Integer.parseInt(time.group(6)))).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new DecodeException("bad DateTime in location reply: " + time.group(), offset);
        }
        double latitude = Double.parseDouble(lat.group(2)) * (lat.group(1).equals("S") ? -1 : 1);
        double longitude = Double.parseDouble(lon.group(2)) * (lon.group(1).equals("W") ? -1 : 1);
        fix.position(latitude, longitude, offset);
        fix.hasPosition = true;
        fix.valid = !text.contains("Last position");
        Matcher course = COURSE.matcher(text);
        if (course.find()) {
            fix.course = Double.parseDouble(course.group(1)) % 360;
        }
        Matcher speed = SPEED.matcher(text);
        if (speed.find()) {
            fix.speedKmh = Double.parseDouble(speed.group(1));
        }
    }
}
