package org.alterna.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;

/**
 * Concox GT06 and the ankle tags built on it, over TCP (port 5023).
 *
 * <p>Frames: {@code 7878 len(1)} or {@code 7979 len(2)}, protocol number, content, serial (2), CRC-ITU over
 * length..serial, {@code 0D0A}. Every acknowledgement echoes the protocol number and serial:
 * {@code 7878 05 <proto> <serial> <crc> 0D0A}.
 * <ul>
 * <li>0x01 login (IMEI in BCD): {@link DeviceMessage.Login}, accept = ack, refuse = nothing.</li>
 * <li>0x12, 0x22 location; 0x16, 0x26 alarm (position + terminal status + alarm code): {@link DeviceMessage.Report}
 * acknowledged after storage. Validity is the "positioned" bit of the course/status word.</li>
 * <li>0x13, 0x23 status/heartbeat: {@link DeviceMessage.Status} acknowledged at once.</li>
 * <li>0x11, 0x18, 0x28 LBS-only: a {@link DeviceMessage.Status} of type {@code lbs} carrying the serving cell
 * (mcc, mnc, lac, cellId) and no position: a cell is not a position this layer can vouch for, resolving it is
 * left to a geolocation service. Acknowledged.</li>
 * <li>0x8A time request: Status of type {@code timeRequest} whose reply carries the current UTC time.</li>
 * <li>0x15, 0x21 command responses: Status of type {@code commandResponse}; other numbers: Status of type
 * {@code unsupported}, no reply.</li>
 * </ul>
 * Raw values go to {@code Fix.io()}: {@code voltageLevel}, {@code gsmSignal}, {@code charging}, {@code acc},
 * {@code defence}, {@code gpsTracking}, {@code oilElectricityDisconnected}, {@code alarmCode}, cell fields. The
 * profile maps the voltage level to a battery percentage and may map alarm codes to a strap state.
 */
public final class Gt06Protocol implements TrackerProtocol {
    static final int MAX_LENGTH = 2048;

    private final Clock clock;

    public Gt06Protocol() {
        this(Clock.systemUTC());
    }

    /** The clock answers time requests (0x8A). */
    public Gt06Protocol(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "gt06";
    }

    @Override
    public int defaultPort() {
        return 5023;
    }

    @Override
    public ChannelHandler newFrameDecoder() {
        return new FrameDecoder(this::frameLength);
    }

    @Override
    public Framer framer() {
        return this::frameLength;
    }

    /** See {@link Framer}. */
    public int frameLength(ByteBuf in) throws DecodeException {
        int r = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 2) {
            return -1;
        }
        int start = in.getUnsignedShort(r);
        int length;
        int header;
        if (start == 0x7878) {
            if (readable < 3) {
                return -1;
            }
            length = in.getUnsignedByte(r + 2);
            header = 3;
        } else if (start == 0x7979) {
            if (readable < 4) {
                return -1;
            }
            length = in.getUnsignedShort(r + 2);
            header = 4;
        } else {
            throw new DecodeException(String.format("bad start bytes %04x (expected 7878 or 7979)", start), 0);
        }
        if (length > MAX_LENGTH) {
            throw new DecodeException("packet length " + length + " exceeds " + MAX_LENGTH, 2);
        }
        if (length < 5) {
            throw new DecodeException("packet length " + length + " is too short", 2);
        }
        int total = header + length + 2;
        return readable >= total ? total : -1;
    }

    @Override
    public List<DeviceMessage> decode(byte[] frame, ProtocolSession session) throws DecodeException {
        if (frame.length < 10) {
            throw new DecodeException("frame too short: " + frame.length + " byte(s)", 0);
        }
        int start = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
        int header = start == 0x7878 ? 3 : start == 0x7979 ? 4 : -1;
        if (header < 0) {
            throw new DecodeException(String.format("bad start bytes %04x", start), 0);
        }
        int length = header == 3 ? frame[2] & 0xFF : new ByteReader(frame, 2, 4).u16("length");
        if (header + length + 2 != frame.length || length < 5) {
            throw new DecodeException("packet length " + length + " does not match frame size " + frame.length, 2);
        }
        if (frame[frame.length - 2] != 0x0D || frame[frame.length - 1] != 0x0A) {
            throw new DecodeException("frame does not end with 0D0A", frame.length - 2);
        }
        int crcAt = frame.length - 4;
        int crc = ((frame[crcAt] & 0xFF) << 8) | (frame[crcAt + 1] & 0xFF);
        int computed = Checksums.crc16X25(frame, 2, crcAt);
        if (crc != computed) {
            throw new DecodeException(String.format("CRC mismatch: packet says %04x, data gives %04x", crc, computed),
                    crcAt);
        }
        int protocol = frame[header] & 0xFF;
        int serial = ((frame[crcAt - 2] & 0xFF) << 8) | (frame[crcAt - 1] & 0xFF);
        ByteReader content = new ByteReader(frame, header + 1, crcAt - 2);
        String deviceId = session.deviceId();
        DeviceModelProfile profile = DeviceModelProfile.of(session, name());
        switch (protocol) {
            case 0x01 -> {
                return List.of(login(content, serial, session));
            }
            case 0x12, 0x22 -> {
                FixBuilder fix = new FixBuilder(requireLogin(deviceId));
                decodeGps(content, fix);
                decodeLbs(content, fix, false);
                if (protocol == 0x22 && content.remaining() >= 3) {
                    fix.io("acc", content.u8("ACC") != 0);
                    fix.io("uploadMode", content.u8("upload mode"));
                    fix.io("reupload", content.u8("real-time re-upload") != 0);
                }
                profile.apply(fix);
                return List.of(new DeviceMessage.Report(deviceId, List.of(fix.build()), ack(protocol, serial)));
            }
            case 0x16, 0x26 -> {
                FixBuilder fix = new FixBuilder(requireLogin(deviceId));
                decodeGps(content, fix);
                decodeLbs(content, fix, true);
                decodeTerminalStatus(content, fix);
                int alarm = content.u8("alarm");
                content.u8("language");
                fix.io("alarmCode", alarm);
                alarmFromCode(alarm, fix);
                profile.apply(fix);
                return List.of(new DeviceMessage.Report(deviceId, List.of(fix.build()), ack(protocol, serial)));
            }
            case 0x13, 0x23 -> {
                FixBuilder fix = new FixBuilder(requireLogin(deviceId));
                decodeTerminalStatus(content, fix);
                if (content.remaining() >= 2) {
                    int alarm = content.u8("alarm");
                    content.u8("language");
                    fix.io("alarmCode", alarm);
                    alarmFromCode(alarm, fix);
                }
                profile.apply(fix);
                return List.of(new DeviceMessage.Status(deviceId, fix.statusMap("heartbeat"), ack(protocol, serial)));
            }
            case 0x11, 0x18, 0x28 -> {
                FixBuilder fix = new FixBuilder(requireLogin(deviceId));
                fix.time = dateTime(content);
                decodeLbs(content, fix, false);
                fix.io("protocolNumber", protocol);
                return List.of(new DeviceMessage.Status(deviceId, fix.statusMap("lbs"), ack(protocol, serial)));
            }
            case 0x8A -> {
                LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                byte[] time = {(byte) (now.getYear() % 100), (byte) now.getMonthValue(), (byte) now.getDayOfMonth(),
                        (byte) now.getHour(), (byte) now.getMinute(), (byte) now.getSecond()};
                return List.of(new DeviceMessage.Status(deviceId, Map.of("type", "timeRequest"),
                        packet(protocol, time, serial)));
            }
            case 0x15, 0x21 -> {
                byte[] rest = content.bytes(content.remaining(), "command response");
                return List.of(new DeviceMessage.Status(deviceId, Map.of("type", "commandResponse",
                        "protocolNumber", protocol, "response", new String(rest, StandardCharsets.ISO_8859_1)),
                        new byte[0]));
            }
            default -> {
                return List.of(new DeviceMessage.Status(deviceId, Map.of("type", "unsupported",
                        "protocolNumber", protocol), new byte[0]));
            }
        }
    }

    private static String requireLogin(String deviceId) throws DecodeException {
        if (deviceId == null) {
            throw new DecodeException("data before login", 0);
        }
        return deviceId;
    }

    private DeviceMessage login(ByteReader content, int serial, ProtocolSession session) throws DecodeException {
        int at = content.position();
        byte[] bcd = content.bytes(8, "IMEI");
        StringBuilder imei = new StringBuilder(16);
        for (int i = 0; i < bcd.length; i++) {
            int hi = (bcd[i] >> 4) & 0xF;
            int lo = bcd[i] & 0xF;
            if (hi > 9 || lo > 9) {
                throw new DecodeException("IMEI is not BCD", at + i);
            }
            imei.append(hi).append(lo);
        }
        String id = imei.charAt(0) == '0' ? imei.substring(1) : imei.toString();
        session.deviceId(id);
        return new DeviceMessage.Login(id, ack(0x01, serial), new byte[0]);
    }

    private static Instant dateTime(ByteReader r) throws DecodeException {
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

    /** Date/time, satellites, latitude, longitude, speed, course/status (18 bytes). */
    private static void decodeGps(ByteReader r, FixBuilder fix) throws DecodeException {
        fix.time = dateTime(r);
        fix.satellites = r.u8("GPS info") & 0x0F;
        int at = r.position();
        double lat = r.u32("latitude") / 1_800_000.0;
        double lon = r.u32("longitude") / 1_800_000.0;
        fix.speedKmh = (double) r.u8("speed");
        int flags = r.u16("course/status");
        fix.course = (double) (flags & 0x3FF);
        fix.valid = (flags & 0x1000) != 0;
        fix.io("gpsRealTime", (flags & 0x2000) == 0);
        if ((flags & 0x0400) == 0) { // bit 10: 1 = north
            lat = -lat;
        }
        if ((flags & 0x0800) != 0) { // bit 11: 1 = west
            lon = -lon;
        }
        fix.position(lat, lon, at);
        fix.source = Fix.PositionSource.GPS;
    }

    /** MCC, MNC, LAC, cell id; {@code withLength}: preceded by a length byte (alarm packets). */
    private static void decodeLbs(ByteReader r, FixBuilder fix, boolean withLength) throws DecodeException {
        int end = -1;
        if (withLength) {
            // the length counts itself in the Concox documents (9); some firmwares count only the 8 cell bytes
            int len = r.u8("LBS length");
            int cellBytes = len >= 9 ? len - 1 : len;
            end = r.position() + cellBytes;
            if (cellBytes < 8) {
                r.skip(cellBytes, "LBS");
                return;
            }
        }
        if (!withLength && r.remaining() < 8) {
            return; // some firmwares omit LBS in location packets
        }
        int mcc = r.u16("MCC");
        int mnc = (mcc & 0x8000) != 0 ? r.u16("MNC") : r.u8("MNC");
        fix.io("mcc", mcc & 0x7FFF);
        fix.io("mnc", mnc);
        fix.io("lac", r.u16("LAC"));
        fix.io("cellId", r.u24("cell id"));
        if (withLength && r.position() < end) {
            r.skip(end - r.position(), "LBS");
        }
    }

    /** Terminal information, voltage level, GSM signal. */
    private static void decodeTerminalStatus(ByteReader r, FixBuilder fix) throws DecodeException {
        int info = r.u8("terminal information");
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
        fix.io("voltageLevel", r.u8("voltage level"));
        fix.io("gsmSignal", r.u8("GSM signal"));
    }

    /** Alarm codes of the Concox documents; model-specific meanings (strap) come from the profile. */
    private static void alarmFromCode(int code, FixBuilder fix) {
        switch (code) {
            case 0x01 -> fix.alarms.add(DeviceAlarm.SOS);
            case 0x02 -> fix.alarms.add(DeviceAlarm.POWER_CUT);
            case 0x0E, 0x0F, 0x19 -> fix.alarms.add(DeviceAlarm.LOW_BATTERY);
            case 0x13, 0x18, 0x25 -> fix.alarms.add(DeviceAlarm.TAMPER);
            case 0x03, 0x09 -> fix.io("vibration", true);
            default -> { }
        }
    }

    /** {@code 7878 05 <proto> <serial> <crc> 0D0A}. */
    static byte[] ack(int protocol, int serial) {
        return packet(protocol, new byte[0], serial);
    }

    static byte[] packet(int protocol, byte[] content, int serial) {
        byte[] out = new byte[content.length + 10];
        out[0] = 0x78;
        out[1] = 0x78;
        out[2] = (byte) (content.length + 5);
        out[3] = (byte) protocol;
        System.arraycopy(content, 0, out, 4, content.length);
        int i = 4 + content.length;
        out[i] = (byte) (serial >> 8);
        out[i + 1] = (byte) serial;
        int crc = Checksums.crc16X25(out, 2, i + 2);
        out[i + 2] = (byte) (crc >> 8);
        out[i + 3] = (byte) crc;
        out[i + 4] = 0x0D;
        out[i + 5] = 0x0A;
        return out;
    }
}
