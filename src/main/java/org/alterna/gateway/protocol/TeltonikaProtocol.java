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
 * Teltonika Codec 8 and Codec 8 Extended over TCP (port 5027).
 *
 * <p>The device first sends its IMEI (2-byte length + ASCII digits): {@link DeviceMessage.Login} with accept
 * {@code 01} and refuse {@code 00}; the decoder records the IMEI in the session. Then AVL packets: 4 zero bytes,
 * 4-byte data length, codec 0x08 or 0x8E, records, record count again, CRC-16/IBM over codec..count. Each packet is
 * a {@link DeviceMessage.Report} whose ack is the 4-byte record count; a bad CRC is a DecodeException, so no ack is
 * sent and the device resends. Codec 12 (GPRS command responses) becomes a {@link DeviceMessage.Status} of type
 * {@code commandResponse} with no reply. IO elements go to {@code Fix.io()} as {@code io<id>} (numbers; variable
 * length Codec 8E values as hex), and the device model profile maps them to battery, charging, strap and alarms.
 * A fix is valid when the record has at least one satellite.
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
            return List.of(decodeLogin(frame, session));
        }
        return List.of(decodeAvl(frame, session));
    }

    private DeviceMessage decodeLogin(byte[] frame, ProtocolSession session) throws DecodeException {
        ByteReader r = new ByteReader(frame);
        int length = r.u16("IMEI length");
        if (length != frame.length - 2) {
            throw new DecodeException("IMEI length " + length + " does not match frame size " + frame.length, 0);
        }
        String imei = r.ascii(length, "IMEI");
        for (int i = 0; i < imei.length(); i++) {
            if (!Character.isDigit(imei.charAt(i))) {
                throw new DecodeException("IMEI contains a non-digit", 2 + i);
            }
        }
        if (imei.isEmpty()) {
            throw new DecodeException("empty IMEI", 2);
        }
        session.deviceId(imei);
        return new DeviceMessage.Login(imei, new byte[] {0x01}, new byte[] {0x00});
    }

    private DeviceMessage decodeAvl(byte[] frame, ProtocolSession session) throws DecodeException {
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
        ByteReader data = new ByteReader(frame, 8, end);
        int codec = data.u8("codec id");
        if (codec == 0x0C) {
            return decodeCodec12(data, deviceId, end);
        }
        if (codec != 0x08 && codec != 0x8E) {
            throw new DecodeException(String.format("unsupported codec 0x%02x", codec), 8);
        }
        if (deviceId == null) {
            throw new DecodeException("AVL data before IMEI login", 0);
        }
        boolean extended = codec == 0x8E;
        int count = data.u8("record count");
        DeviceModelProfile profile = DeviceModelProfile.of(session, name());
        List<Fix> fixes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fixes.add(decodeRecord(data, deviceId, extended, profile));
        }
        int count2 = data.u8("second record count");
        if (count2 != count) {
            throw new DecodeException("record counts differ: " + count + " then " + count2, data.position() - 1);
        }
        if (data.remaining() != 0) {
            throw new DecodeException(data.remaining() + " unexpected byte(s) after the records", data.position());
        }
        byte[] ack = {0, 0, 0, (byte) count};
        return new DeviceMessage.Report(deviceId, List.copyOf(fixes), ack);
    }

    private Fix decodeRecord(ByteReader r, String deviceId, boolean extended, DeviceModelProfile profile)
            throws DecodeException {
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
        int eventId = extended ? r.u16("event IO id") : r.u8("event IO id");
        fix.io("event", eventId);
        int total = extended ? r.u16("IO count") : r.u8("IO count");
        int seen = 0;
        for (int size : new int[] {1, 2, 4, 8}) {
            int n = extended ? r.u16("IO group count") : r.u8("IO group count");
            for (int i = 0; i < n; i++) {
                int id = extended ? r.u16("IO id") : r.u8("IO id");
                long value = r.unsigned(size, "IO value");
                fix.io("io" + id, value);
            }
            seen += n;
        }
        if (extended) {
            int n = r.u16("variable IO count");
            for (int i = 0; i < n; i++) {
                int id = r.u16("IO id");
                int len = r.u16("IO length");
                fix.io("io" + id, Hex.of(r.bytes(len, "IO value")));
            }
            seen += n;
        }
        if (seen != total) {
            fix.io("ioCountMismatch", total + "/" + seen); // some firmwares miscount; the elements parsed cleanly
        }
        if (fix.io.get("io182") instanceof Long hdop) {
            fix.hdop = hdop / 10.0;
        }
        profile.apply(fix);
        return fix.build();
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
