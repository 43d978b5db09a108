package org.alterna.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;

/**
 * Teltonika over TCP (port 5027): Codec 8, Codec 8 Extended, Codec 16 and Codec 7 (GH3000), and the same packets
 * as UDP datagrams.
 *
 * <p>The device first sends its IMEI (2-byte length + ASCII digits): {@link DeviceMessage.Login} with accept
 * {@code 01} and refuse {@code 00}; the decoder records the IMEI in the session. Then AVL packets: 4 zero bytes,
 * 4-byte data length, codec id, records, record count again, CRC-16/IBM over codec..count. Each packet is
 * a {@link DeviceMessage.Report} whose ack is the 4-byte record count; a bad CRC is a DecodeException, so no ack is
 * sent and the device resends. Records without a position (Codec 7 records without coordinates) are not fixes: the
 * readings of the last one come as a {@link DeviceMessage.Status} of type {@code recordWithoutPosition} before the
 * report, and the ack still counts them. Codec 12 and Codec 14 (GPRS command responses) become a
 * {@link DeviceMessage.Status} of type {@code commandResponse} with no reply (Codec 14 type {@code 11}: the IMEI did
 * not match, the command was not taken). IO elements go to {@code Fix.io()} as {@code io<id>} (numbers;
 * variable length Codec 8E values as hex), and the device model profile maps them to battery, charging, strap and
 * alarms. A fix is valid when the record has at least one satellite.
 */
public final class TeltonikaProtocol implements TrackerProtocol {
    /** Largest AVL data length accepted; a real packet is at most a few KiB. */
    static final int MAX_DATA_LENGTH = 64 * 1024;
    static final int MAX_IMEI_LENGTH = 32;

    @Override
    public String name() {
        return "teltonika";
    }

    @Override
    public int defaultPort() {
        return 5027;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new FrameDecoder(this::frameLength);
    }

    @Override
    public Framer framer() {
        return this::frameLength;
    }

    /** IMEI frame (length-prefixed) or AVL packet (preamble, length, data, CRC); see {@link Framer}. */
    public int frameLength(ByteBuf in) throws DecodeException {
        int r = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 2) {
            return -1;
        }
        int first = in.getUnsignedShort(r);
        if (first != 0) {
            if (first > MAX_IMEI_LENGTH) {
                throw new DecodeException("IMEI length " + first + " exceeds " + MAX_IMEI_LENGTH, 0);
            }
            return readable >= 2 + first ? 2 + first : -1;
        }
        if (readable < 8) {
            return -1;
        }
        if (in.getUnsignedShort(r + 2) != 0) {
            throw new DecodeException("AVL packet preamble is not 4 zero bytes", 2);
        }
        long length = in.getUnsignedInt(r + 4);
        if (length > MAX_DATA_LENGTH) {
            throw new DecodeException("AVL data length " + length + " exceeds " + MAX_DATA_LENGTH, 4);
        }
        if (length < 3) {
            throw new DecodeException("AVL data length " + length + " is too short", 4);
        }
        int total = 8 + (int) length + 4;
        return readable >= total ? total : -1;
    }

    @Override
    public List<DeviceMessage> decode(byte[] frame, ProtocolSession session) throws DecodeException {
        if (frame.length < 2) {
            throw new DecodeException("frame too short: " + frame.length + " byte(s)", 0);
        }
        if (frame[0] != 0 || frame[1] != 0) {
            if (isDatagram(frame)) {
                return decodeDatagram(frame, session);
            }
            return List.of(decodeLogin(frame, session));
        }
        return decodeAvl(frame, session);
    }

    private DeviceMessage decodeLogin(byte[] frame, ProtocolSession session) throws DecodeException {
        ByteReader r = new ByteReader(frame);
        int length = r.u16("IMEI length");
        if (length != frame.length - 2) {
            throw new DecodeException("IMEI length " + length + " does not match frame size " + frame.length, 0);
        }
        String imei = imei(r, length, 2);
        session.deviceId(imei);
        return new DeviceMessage.Login(imei, new byte[] {0x01}, new byte[] {0x00});
    }

    private static String imei(ByteReader r, int length, int at) throws DecodeException {
        String imei = r.ascii(length, "IMEI");
        for (int i = 0; i < imei.length(); i++) {
            if (!Character.isDigit(imei.charAt(i))) {
                throw new DecodeException("IMEI contains a non-digit", at + i);
            }
        }
        if (imei.isEmpty()) {
            throw new DecodeException("empty IMEI", at);
        }
        return imei;
    }

    /**
     * A UDP datagram (Teltonika wiki, "Codec 8 protocol sending over UDP"): length (2, of what follows), packet id
     * (2), a byte the device sets to 01, AVL packet id (1), IMEI length (2), IMEI, then codec id, records and the
     * record count again; no CRC (UDP has its own checksum). Told from an IMEI login by its length field, which
     * covers the whole datagram, and the IMEI length that follows the two ids.
     */
    static boolean isDatagram(byte[] frame) {
        if (frame.length < 9) {
            return false;
        }
        int length = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
        int imeiLength = ((frame[6] & 0xFF) << 8) | (frame[7] & 0xFF);
        return length == frame.length - 2 && imeiLength > 0 && imeiLength <= MAX_IMEI_LENGTH
                && 8 + imeiLength < frame.length && !Character.isDigit(frame[2] & 0xFF);
    }

    /**
     * Decodes one UDP datagram. Each datagram names its IMEI, so, as for H02, the first one of a session yields a
     * {@link DeviceMessage.Login} with empty replies before the report, and a datagram naming another IMEI is refused.
     * The acknowledgement is {@code 0005 <packet id> 01 <AVL packet id> <records accepted>}, sent after storage.
     */
    private List<DeviceMessage> decodeDatagram(byte[] frame, ProtocolSession session) throws DecodeException {
        ByteReader r = new ByteReader(frame);
        r.u16("datagram length");
        int packetId = r.u16("packet id");
        r.u8("unused byte");
        int avlPacketId = r.u8("AVL packet id");
        int imeiLength = r.u16("IMEI length");
        String imei = imei(r, imeiLength, 8);
        String known = session.deviceId();
        if (known != null && !known.equals(imei)) {
            throw new DecodeException("datagram from IMEI " + imei + " on a session of " + known, 8);
        }
        DeviceModelProfile profile = DeviceModelProfile.of(session, name());
        int codec = r.u8("codec id");
        Records records = decodeRecords(frame, r.position(), frame.length, codec, imei, profile);
        byte[] ack = {0x00, 0x05, (byte) (packetId >> 8), (byte) packetId, 0x01, (byte) avlPacketId,
                (byte) records.count()};
        List<DeviceMessage> out = new ArrayList<>(3);
        if (known == null) {
            session.deviceId(imei);
            out.add(new DeviceMessage.Login(imei, new byte[0], new byte[0]));
        }
        out.addAll(records.messages(imei, ack));
        return out;
    }

    private List<DeviceMessage> decodeAvl(byte[] frame, ProtocolSession session) throws DecodeException {
        ByteReader r = new ByteReader(frame);
        if (r.u32("preamble") != 0) {
            throw new DecodeException("AVL packet preamble is not 4 zero bytes", 0);
        }
        long length = r.u32("data length");
        if (length < 3 || length + 12 != frame.length) {
            throw new DecodeException("AVL data length " + length + " does not match frame size " + frame.length, 4);
        }
        int end = 8 + (int) length;
        long crc = new ByteReader(frame, end, frame.length).u32("CRC");
        int computed = Checksums.crc16Ibm(frame, 8, end);
        if (crc != computed) {
            throw new DecodeException(String.format("CRC mismatch: packet says %04x, data gives %04x", crc,
                    computed), end);
        }
        String deviceId = session.deviceId();
        int codec = frame[8] & 0xFF;
        if (codec == 0x0C) {
            return List.of(decodeCodec12(new ByteReader(frame, 9, end), deviceId, end));
        }
        if (codec == 0x0E) {
            return List.of(decodeCodec14(new ByteReader(frame, 9, end), deviceId, end));
        }
        if (deviceId == null) {
            throw new DecodeException("AVL data before IMEI login", 0);
        }
        DeviceModelProfile profile = DeviceModelProfile.of(session, name());
        Records records = decodeRecords(frame, 9, end, codec, deviceId, profile);
        return records.messages(deviceId, new byte[] {0, 0, 0, (byte) records.count()});
    }

    /** Decoded records of one packet: positions, and the readings of records that carry no position. */
    private record Records(int count, List<Fix> fixes, Map<String, Object> withoutPosition) {
        List<DeviceMessage> messages(String deviceId, byte[] ack) {
            if (withoutPosition == null) {
                return List.of(new DeviceMessage.Report(deviceId, List.copyOf(fixes), ack));
            }
            // readings are delivered first; the ack goes with the report, once its positions are stored
            return List.of(new DeviceMessage.Status(deviceId, withoutPosition, new byte[0]),
                    new DeviceMessage.Report(deviceId, List.copyOf(fixes), ack));
        }
    }

    /**
     * Record count, records and record count again, from {@code from} (just after the codec id) to {@code end}.
     * Codec 8 records are tried in the documented form and, if they do not parse to exactly the end of the data,
     * with one more IO group of 16-byte values after the 8-byte group, the form some firmwares send under codec id 8;
     * that form is accepted only when every record's IO count matches its elements.
     */
    private Records decodeRecords(byte[] frame, int from, int end, int codec, String deviceId,
            DeviceModelProfile profile) throws DecodeException {
        Layout layout = switch (codec) {
            case 0x08 -> Layout.CODEC8;
            case 0x8E -> Layout.CODEC8E;
            case 0x10 -> Layout.CODEC16;
            case 0x07 -> Layout.GH3000;
            default -> throw new DecodeException(String.format("unsupported codec 0x%02x", codec), from - 1);
        };
        try {
            return decodeRecords(frame, from, end, layout, deviceId, profile);
        } catch (DecodeException e) {
            if (layout != Layout.CODEC8) {
                throw e;
            }
            try {
                return decodeRecords(frame, from, end, Layout.CODEC8_16_BYTE_GROUP, deviceId, profile);
            } catch (DecodeException wide) {
                throw e; // report what is wrong with the documented form
            }
        }
    }

    private Records decodeRecords(byte[] frame, int from, int end, Layout layout, String deviceId,
            DeviceModelProfile profile) throws DecodeException {
        ByteReader data = new ByteReader(frame, from, end);
        int count = data.u8("record count");
        List<Fix> fixes = new ArrayList<>(count);
        FixBuilder lastWithoutPosition = null;
        for (int i = 0; i < count; i++) {
            FixBuilder record = layout == Layout.GH3000 ? gh3000Record(data, deviceId)
                    : decodeRecord(data, deviceId, layout);
            profile.apply(record);
            if (record.time != null && record.hasPosition) {
                fixes.add(record.build());
            } else {
                lastWithoutPosition = record;
            }
        }
        int count2 = data.u8("second record count");
        if (count2 != count) {
            throw new DecodeException("record counts differ: " + count + " then " + count2, data.position() - 1);
        }
        if (data.remaining() != 0) {
            throw new DecodeException(data.remaining() + " unexpected byte(s) after the records", data.position());
        }
        return new Records(count, fixes, lastWithoutPosition == null ? null
                : lastWithoutPosition.statusMap("recordWithoutPosition"));
    }

    /** How the IO part of a record is laid out, by codec. */
    private enum Layout {
        /** Codec 8: 1-byte event id, counts and IO ids; groups of 1, 2, 4 and 8-byte values. */
        CODEC8(1, 1, false, false, new int[] {1, 2, 4, 8}),
        /** Codec 8 as some firmwares send it: a fifth group of 16-byte values. */
        CODEC8_16_BYTE_GROUP(1, 1, false, false, new int[] {1, 2, 4, 8, 16}),
        /** Codec 8 Extended: 2-byte ids and counts, then variable-length elements. */
        CODEC8E(2, 2, true, false, new int[] {1, 2, 4, 8}),
        /** Codec 16: 2-byte event and IO ids, a generation type after the event id, 1-byte counts. */
        CODEC16(2, 1, false, true, new int[] {1, 2, 4, 8}),
        /** Codec 7 (GH3000): its own record form, see {@link #gh3000Record}. */
        GH3000(1, 1, false, false, new int[] {1, 2, 4});

        final int idBytes;
        final int countBytes;
        final boolean variableElements;
        final boolean generationType;
        final int[] valueSizes;

        Layout(int idBytes, int countBytes, boolean variableElements, boolean generationType, int[] valueSizes) {
            this.idBytes = idBytes;
            this.countBytes = countBytes;
            this.variableElements = variableElements;
            this.generationType = generationType;
            this.valueSizes = valueSizes;
        }
    }

    private FixBuilder decodeRecord(ByteReader r, String deviceId, Layout layout) throws DecodeException {
        FixBuilder fix = new FixBuilder(deviceId);
        int start = r.position();
        long millis = r.s64("timestamp");
        if (millis < 0 || millis > 4_102_444_800_000L) { // after 2100: garbage
            throw new DecodeException("timestamp out of range: " + millis, start);
        }
        fix.time = Instant.ofEpochMilli(millis);
        fix.io("priority", r.u8("priority"));
        int at = r.position();
        double lon = r.s32("longitude") / 1e7;
        double lat = r.s32("latitude") / 1e7;
        fix.position(lat, lon, at);
        fix.altitude = (double) (short) r.u16("altitude");
        fix.course = (double) r.u16("angle");
        fix.satellites = r.u8("satellites");
        fix.speedKmh = (double) r.u16("speed");
        fix.valid = fix.satellites > 0;
        int eventId = (int) r.unsigned(layout.idBytes, "event IO id");
        fix.io("event", eventId);
        if (layout.generationType) {
            fix.io("generationType", r.u8("generation type"));
        }
        int total = (int) r.unsigned(layout.countBytes, "IO count");
        int seen = 0;
        for (int size : layout.valueSizes) {
            int n = (int) r.unsigned(layout.countBytes, "IO group count");
            for (int i = 0; i < n; i++) {
                int id = (int) r.unsigned(layout.idBytes, "IO id");
                fix.io("io" + id, size > 8 ? Hex.of(r.bytes(size, "IO value")) : r.unsigned(size, "IO value"));
            }
            seen += n;
        }
        if (layout.variableElements) {
            int n = r.u16("variable IO count");
            for (int i = 0; i < n; i++) {
                int id = r.u16("IO id");
                int len = r.u16("IO length");
                fix.io("io" + id, Hex.of(r.bytes(len, "IO value")));
            }
            seen += n;
        }
        if (seen != total) {
            if (layout == Layout.CODEC8_16_BYTE_GROUP) {
                throw new DecodeException("IO count " + total + " does not match " + seen + " element(s)", start);
            }
            fix.io("ioCountMismatch", total + "/" + seen); // some firmwares miscount; the elements parsed cleanly
        }
        if (fix.io.get("io182") instanceof Long hdop) {
            fix.hdop = hdop / 10.0;
        }
        fix.hasPosition = true;
        return fix;
    }

    /** Seconds of the GH3000 timestamp count from 2007-01-01T00:00:00Z. */
    static final long GH3000_EPOCH = 1_167_609_600L;

    /**
     * A Codec 7 record (GH3000 data protocol v1.08): timestamp (4: priority in the top 2 bits, seconds since 2007 in
     * the other 30), global mask (bit 0 GPS element, bits 1-3 IO elements of 1, 2 and 4 bytes), then the GPS element,
     * itself led by a mask: bit 0 latitude and longitude (IEEE floats, degrees), bit 1 altitude (2), bit 2 angle (1,
     * 360/256 degrees a step), bit 3 speed (1, km/h), bit 4 satellites (1), bit 5 LAC and cell id (2 + 2), bit 6 signal
     * quality (1), bit 7 operator code (4). A record without coordinates carries no position.
     */
    private FixBuilder gh3000Record(ByteReader r, String deviceId) throws DecodeException {
        FixBuilder fix = new FixBuilder(deviceId);
        long stamp = r.u32("timestamp");
        fix.io("priority", (int) (stamp >>> 30));
        fix.time = Instant.ofEpochSecond(GH3000_EPOCH + (stamp & 0x3FFF_FFFFL));
        int globalMask = r.u8("global mask");
        if ((globalMask & 0x01) != 0) {
            int mask = r.u8("GPS element mask");
            if ((mask & 0x01) != 0) {
                int at = r.position();
                double lat = Float.intBitsToFloat(r.s32("latitude"));
                double lon = Float.intBitsToFloat(r.s32("longitude"));
                if (!Double.isFinite(lat) || !Double.isFinite(lon)) {
                    throw new DecodeException("coordinates are not numbers", at);
                }
                fix.position(lat, lon, at);
                fix.hasPosition = true;
            }
            if ((mask & 0x02) != 0) {
                fix.altitude = (double) (short) r.u16("altitude");
            }
            if ((mask & 0x04) != 0) {
                fix.course = r.u8("angle") * 360.0 / 256;
            }
            if ((mask & 0x08) != 0) {
                fix.speedKmh = (double) r.u8("speed");
            }
            if ((mask & 0x10) != 0) {
                fix.satellites = r.u8("satellites");
            }
            if ((mask & 0x20) != 0) {
                RadioEvidence.add(fix, RadioEvidence.tower(null, null, r.u16("LAC"), r.u16("cell id"), null));
            }
            if ((mask & 0x40) != 0) {
                fix.io("gsmSignal", r.u8("signal quality"));
            }
            if ((mask & 0x80) != 0) {
                fix.io("operator", r.u32("operator code"));
            }
        }
        fix.valid = fix.hasPosition && (fix.satellites == null || fix.satellites > 0);
        for (int group = 0; group < 3; group++) {
            if ((globalMask & (0x02 << group)) != 0) {
                int size = 1 << group;
                int n = r.u8("IO group count");
                for (int i = 0; i < n; i++) {
                    int id = r.u8("IO id");
                    fix.io("io" + id, r.unsigned(size, "IO value"));
                }
            }
        }
        return fix;
    }

    /**
     * A Codec 14 answer: as Codec 12 with the device's IMEI (8 bytes of BCD) before the text; type {@code 06} when
     * the command was addressed to this device, {@code 11} (nACK) when the IMEI did not match (the text is empty).
     */
    private DeviceMessage decodeCodec14(ByteReader r, String deviceId, int end) throws DecodeException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("type", "commandResponse");
        status.put("codec", 14);
        int count = r.u8("response count");
        int type = r.u8("response type");
        int size = (int) Math.min(r.u32("response size"), Integer.MAX_VALUE);
        status.put("responseType", type);
        byte[] imei = r.bytes(Math.min(8, size), "IMEI");
        status.put("imei", Hex.of(imei).replaceFirst("^0+", ""));
        status.put("response", new String(r.bytes(Math.max(0, size - 8), "response"), StandardCharsets.ISO_8859_1));
        if (r.u8("second response count") != count) {
            throw new DecodeException("codec 14 response counts differ", end - 1);
        }
        return new DeviceMessage.Status(deviceId, status, new byte[0]);
    }

    private DeviceMessage decodeCodec12(ByteReader r, String deviceId, int end) throws DecodeException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("type", "commandResponse");
        status.put("codec", 12);
        int count = r.u8("response count");
        int type = r.u8("response type");
        int size = (int) Math.min(r.u32("response size"), Integer.MAX_VALUE);
        status.put("responseType", type);
        status.put("response", new String(r.bytes(size, "response"), StandardCharsets.ISO_8859_1));
        if (r.u8("second response count") != count) {
            throw new DecodeException("codec 12 response counts differ", end - 1);
        }
        return new DeviceMessage.Status(deviceId, status, new byte[0]);
    }
}
