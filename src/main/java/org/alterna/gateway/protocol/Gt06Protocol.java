package org.alterna.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;

/**
 * Concox GT06 and the trackers and ankle tags built on it (GT03, GT06N, JM-VL01/VL03, CT10, AM01 and others), over
 * TCP (port 5023).
 *
 * <p>Frames: {@code 7878 len(1)} or {@code 7979 len(2)}, protocol number, content, serial (2), CRC-ITU over
 * length..serial, {@code 0D0A}. Acknowledgements echo the protocol number and serial:
 * {@code 7878 05 <proto> <serial> <crc> 0D0A}; position packets are acknowledged after storage, others at once;
 * information (0x94) and command responses (0x15, 0x21) are not acknowledged.
 * <ul>
 * <li>0x01 login (IMEI in BCD): {@link DeviceMessage.Login}, accept = ack, refuse = nothing.</li>
 * <li>Positions ({@link DeviceMessage.Report}): 0x10, 0x12, 0x22 (with the serving cell, ACC, upload mode,
 * mileage), 0x16, 0x26, 0x27 alarms (cell, terminal status, alarm code, fence), 0xA0, 0xA2, 0xA3, 0xA4 (4G cells),
 * 0x1E (neighbour cells), 0x11, 0x17, 0x24 when they carry a GPS block, 0x31, 0x32, 0x33, 0x34, 0x36, 0x37, 0x38,
 * 0x61, 0x25, 0x95 (vendor variants), 0x70 (modules) and a location reply to a command (0x15, 0x21).</li>
 * <li>Status ({@link DeviceMessage.Status}): 0x13, 0x23 heartbeat; 0x11, 0x18, 0x28, 0x2E, 0xA1 cells only (type
 * {@code lbs}); 0x19, 0xA5 cell and alarm ({@code lbsAlarm}); 0x2C cells and Wi-Fi ({@code wifi}); 0x94
 * information ({@code info}); 0x15, 0x21 command responses; 0x8A time request (answered with the UTC time); a
 * position packet without a fix ({@code noPosition}); other numbers {@code unsupported}, unanswered.</li>
 * </ul>
 * A cell or Wi-Fi list is evidence, not a position: no {@code Fix} is made of it (see {@link RadioEvidence}). Raw
 * values go to {@code Fix.io()}: {@code voltageLevel}, {@code gsmSignal}, {@code charging}, {@code acc},
 * {@code defence}, {@code gpsTracking}, {@code oilElectricityDisconnected}, {@code alarmCode}, {@code cells}, ... The
 * profile maps the voltage level to a battery percentage and may map alarm codes to a strap state.
 *
 * <p>Layouts from manufacturer documents: GT06 (login, 0x12, 0x13, 0x16, 0x1A), GT03 (0x10-0x1A), JM-VL03 (0x22-0x2C,
 * 0x80, 0x8A, 0x94, 0xA0-0xA5), JM-VL01 (0x23). <b>Inferred</b> from device frames in public test data, without a
 * manufacturer document: 0x95 (event header, power, event code), 0x34 (the four leading bytes), 0x36 (a 4-byte cell
 * id), 0x61 (the BCD IMEI before the GPS block), 0xA2 (the fields after the 4G cell) and the module ids of 0x70 (see
 * {@link Gt06Modules}); none of them raises an alarm from an inferred field.
 */
public final class Gt06Protocol implements TrackerProtocol {
    static final int MAX_LENGTH = 2048;
    /** Packets the device expects no answer to (information, command responses). */
    private static final Set<Integer> NO_ACK = Set.of(0x15, 0x21, 0x94);

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
        int crcAt = frame.length - 4;
        int crc = ((frame[crcAt] & 0xFF) << 8) | (frame[crcAt + 1] & 0xFF);
        int computed = Checksums.crc16X25(frame, 2, crcAt);
        if (crc != computed) {
            throw new DecodeException(String.format("CRC mismatch: packet says %04x, data gives %04x", crc, computed),
                    crcAt);
        }
        if (frame[frame.length - 2] != 0x0D || frame[frame.length - 1] != 0x0A) {
            throw new DecodeException("frame does not end with 0D0A", frame.length - 2);
        }
        int protocol = frame[header] & 0xFF;
        int serial = ((frame[crcAt - 2] & 0xFF) << 8) | (frame[crcAt - 1] & 0xFF);
        ByteReader content = new ByteReader(frame, header + 1, crcAt - 2);
        String deviceId = session.deviceId();
        switch (protocol) {
            case 0x01 -> {
                String id = Gt06Blocks.bcdImei(content, "IMEI");
                session.deviceId(id);
                return List.of(new DeviceMessage.Login(id, ack(0x01, serial), new byte[0]));
            }
            case 0x8A -> {
                LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
                byte[] time = {(byte) (now.getYear() % 100), (byte) now.getMonthValue(), (byte) now.getDayOfMonth(),
                        (byte) now.getHour(), (byte) now.getMinute(), (byte) now.getSecond()};
                return List.of(new DeviceMessage.Status(deviceId, Map.of("type", "timeRequest"),
                        packet(protocol, time, serial)));
            }
            default -> {
                // every other packet belongs to a device that has logged in
            }
        }
        FixBuilder fix = new FixBuilder(requireLogin(deviceId));
        String type = body(protocol, content, fix, header == 4);
        if (type == null) {
            return List.of(new DeviceMessage.Status(deviceId, Map.of("type", "unsupported",
                    "protocolNumber", protocol), new byte[0]));
        }
        DeviceModelProfile.of(session, name()).apply(fix);
        byte[] reply = NO_ACK.contains(protocol) ? new byte[0] : ack(protocol, serial);
        if (fix.hasPosition && fix.time != null) {
            if (!(fix.latitude == 0 && fix.longitude == 0 && !fix.valid)) {
                return List.of(new DeviceMessage.Report(deviceId, List.of(fix.build()), reply));
            }
            type = "noPosition"; // never positioned: 0°, 0° is not a place
        }
        fix.io("protocolNumber", protocol);
        return List.of(new DeviceMessage.Status(deviceId, fix.statusMap(type), reply));
    }

    private static String requireLogin(String deviceId) throws DecodeException {
        if (deviceId == null) {
            throw new DecodeException("data before login", 0);
        }
        return deviceId;
    }

    /**
     * Decodes the content of one packet into {@code fix}; returns the status type used when the packet carries no
     * position, or null for a packet number this decoder does not know.
     */
    private String body(int protocol, ByteReader c, FixBuilder fix, boolean longForm) throws DecodeException {
        switch (protocol) {
            case 0x10 -> { // GPS (GT03 5.2): GPS block, 2 reserved bytes
                Gt06Blocks.gps(c, fix);
                return "location";
            }
            case 0x11, 0x17, 0x24 -> { // GPS + cell on some models; otherwise cell only (0x11) or unknown
                if (looksLikeGps(c)) {
                    Gt06Blocks.gps(c, fix);
                    optionalCell(c, fix);
                    return "location";
                }
                if (protocol == 0x11) { // LBS (GT03 5.3): time, serving cell
                    fix.time = Gt06Blocks.dateTime(c);
                    optionalCell(c, fix);
                    return "lbs";
                }
                return null;
            }
            case 0x12, 0x61 -> { // GPS + LBS (GT06 5.2); inferred: 0x61, and models that put the BCD IMEI first
                if (Gt06Blocks.isBcdImei(c.data(), c.position(), c.end())
                        && Gt06Blocks.isDateTime(c.data(), c.position() + 8, c.end())) {
                    fix.io("imei", Gt06Blocks.bcdImei(c, "IMEI"));
                } else if (protocol == 0x61) {
                    return null;
                }
                Gt06Blocks.gps(c, fix);
                optionalCell(c, fix);
                return "location";
            }
            case 0x1A, 0x31, 0x37, 0x38 -> { // GPS first, then the serving cell when present
                Gt06Blocks.gps(c, fix);
                if (protocol != 0x38) {
                    optionalCell(c, fix);
                }
                return "location";
            }
            case 0x22, 0x25 -> { // GPS + LBS + ACC, upload mode, re-upload, mileage (JM-VL03 3)
                if (c.remaining() > 0 && c.data()[c.position()] == 0x01
                        && Gt06Blocks.isBcdImei(c.data(), c.position() + 1, c.end())
                        && Gt06Blocks.isDateTime(c.data(), c.position() + 9, c.end())
                        && Gt06Blocks.isDateTime(c.data(), c.position() + 15, c.end())) {
                    // vehicle models (XT40, NT20): IMEI and device time before the GPS block
                    c.u8("record type");
                    fix.io("imei", Gt06Blocks.bcdImei(c, "IMEI"));
                    fix.io("deviceTime", Gt06Blocks.dateTime(c).toString());
                    Gt06Blocks.gps(c, fix);
                    optionalCell(c, fix);
                    return "location";
                }
                Gt06Blocks.gps(c, fix);
                optionalCell(c, fix);
                uploadStatus(c, fix);
                return "location";
            }
            case 0x16, 0x26, 0x27 -> { // GPS, LBS with length, terminal status, alarm, language (+ fence, 0x27)
                Gt06Blocks.gps(c, fix);
                Gt06Blocks.cellWithLength(c, fix, false);
                alarmTail(c, fix, protocol == 0x27);
                return "alarm";
            }
            case 0xA3, 0xA4 -> { // the same with a 4G cell (JM-VL03 12)
                Gt06Blocks.gps(c, fix);
                Gt06Blocks.cellWithLength(c, fix, true);
                alarmTail(c, fix, protocol == 0xA4);
                return "alarm";
            }
            case 0xA0 -> { // GPS + 4G cell + ACC, upload mode, re-upload, mileage (JM-VL03 10)
                Gt06Blocks.gps(c, fix);
                Gt06Blocks.cell4g(c, fix);
                uploadStatus(c, fix);
                return "location";
            }
            case 0xA2 -> { // GPS + 4G cell; inferred: terminal status, external power, battery, alarm after it
                Gt06Blocks.gps(c, fix);
                Gt06Blocks.cell4g(c, fix);
                if (c.remaining() >= 9) {
                    c.u8("reserved");
                    Gt06Blocks.terminalInfo(c.u8("terminal information"), fix);
                    fix.io("externalVoltage", c.u16("external voltage") / 100.0);
                    Gt06Blocks.batteryLevelOrPercent(c.u8("battery"), fix);
                    fix.io("gsmSignal", c.u8("GSM signal"));
                    Gt06Blocks.alarmAndLanguage(c, fix);
                }
                return "alarm";
            }
            case 0x1E -> { // GPS + serving cell and neighbours
                Gt06Blocks.gps(c, fix);
                Gt06Blocks.cells(c, fix, 7, false);
                return "location";
            }
            case 0x32, 0x33 -> {
                if (longForm) { // time, then GPS and cell data each led by its length
                    fix.time = Gt06Blocks.dateTime(c);
                    int gpsLength = c.u8("GPS length");
                    if (gpsLength >= 12) {
                        int end = c.position() + gpsLength;
                        fix.satellites = c.u8("GPS info") & 0x0F;
                        Gt06Blocks.coordinatesAndCourse(c, fix, true);
                        c.skip(end - c.position(), "GPS");
                    } else {
                        c.skip(gpsLength, "GPS");
                    }
                    if (c.remaining() > 0) {
                        Gt06Blocks.cellWithLength(c, fix, false);
                    }
                    return protocol == 0x33 ? "wifi" : "location";
                }
                Gt06Blocks.gps(c, fix);
                if (c.remaining() > 0) {
                    Gt06Blocks.cellWithLength(c, fix, false);
                }
                return "location";
            }
            case 0x34 -> { // inferred: four leading bytes, then the GPS block
                c.skip(4, "header");
                Gt06Blocks.gps(c, fix);
                return "location";
            }
            case 0x36 -> { // inferred: GPS + cell with a 4-byte cell id + ACC, upload mode, re-upload, mileage
                Gt06Blocks.gps(c, fix);
                if (c.remaining() >= 9) {
                    Gt06Blocks.cell2g(c, fix, 4);
                }
                uploadStatus(c, fix);
                return "location";
            }
            case 0x95 -> { // inferred (camera event): GPS with status before a 2-byte speed, power, event code
                if (c.remaining() >= 3 && (c.data()[c.position()] & 0xFF) == 0xFF
                        && (c.data()[c.position() + 1] & 0xFF) == 0xFF) {
                    c.skip(3, "event header");
                }
                if (!Gt06Blocks.isDateTime(c.data(), c.position(), c.end()) || c.remaining() < 21) {
                    return "event";
                }
                fix.time = Gt06Blocks.dateTime(c);
                fix.satellites = c.u8("GPS info") & 0x0F;
                Gt06Blocks.coordinatesAndCourse(c, fix, false);
                if (c.remaining() >= 3) {
                    fix.io("externalVoltage", c.u16("power") / 10.0);
                    fix.io("event", c.u8("event"));
                }
                return "event";
            }
            case 0x70 -> {
                Gt06Modules.decode(c, fix);
                return "modules";
            }
            case 0x13 -> { // heartbeat: terminal status, then alarm and language on most models
                Gt06Blocks.terminalStatus(c, fix);
                if (c.remaining() >= 2) {
                    Gt06Blocks.alarmAndLanguage(c, fix);
                }
                return "heartbeat";
            }
            case 0x23 -> { // heartbeat (JM-VL01): terminal information, external voltage (0.01 V), GSM, language
                Gt06Blocks.terminalInfo(c.u8("terminal information"), fix);
                fix.io("externalVoltage", c.u16("voltage") / 100.0);
                fix.io("gsmSignal", c.u8("GSM signal"));
                return "heartbeat";
            }
            case 0x19 -> { // LBS + status (GT03 5.8): serving cell, terminal status, alarm
                Gt06Blocks.cell2g(c, fix, 3);
                Gt06Blocks.terminalStatus(c, fix);
                Gt06Blocks.alarmAndLanguage(c, fix);
                return "lbsAlarm";
            }
            case 0xA5 -> { // LBS alarm with a 4G cell
                Gt06Blocks.cell4g(c, fix);
                Gt06Blocks.terminalStatus(c, fix);
                Gt06Blocks.alarmAndLanguage(c, fix);
                return "lbsAlarm";
            }
            case 0x18, 0x28, 0x2E -> { // LBS multi-base (JM-VL03 4): time, serving cell and six neighbours
                fix.time = Gt06Blocks.dateTime(c);
                Gt06Blocks.cells(c, fix, 7, false);
                return "lbs";
            }
            case 0xA1 -> { // the same with 4G cells (JM-VL03 11)
                fix.time = Gt06Blocks.dateTime(c);
                Gt06Blocks.cells(c, fix, 7, true);
                return "lbs";
            }
            case 0x2C -> { // Wi-Fi: time, serving cell and neighbours, timing advance, access points
                fix.time = Gt06Blocks.dateTime(c);
                Gt06Blocks.cells(c, fix, 7, false);
                c.u8("timing advance");
                int n = c.u8("Wi-Fi count");
                for (int i = 0; i < n; i++) {
                    byte[] mac = c.bytes(6, "MAC");
                    int strength = c.u8("Wi-Fi strength");
                    RadioEvidence.addAccessPoint(fix, RadioEvidence.accessPoint(mac, -strength, null));
                }
                return "wifi";
            }
            case 0x94 -> {
                Gt06Info.decode(c, fix);
                return "info";
            }
            case 0x15, 0x21 -> {
                Gt06Text.commandResponse(protocol, c, fix);
                return "commandResponse";
            }
            default -> {
                return null;
            }
        }
    }

    /** The GPS block can start here: a valid date and a GPS info byte saying 12 bytes of GPS data follow. */
    private static boolean looksLikeGps(ByteReader c) {
        return c.remaining() >= Gt06Blocks.GPS_BLOCK + 8 && Gt06Blocks.isDateTime(c.data(), c.position(), c.end())
                && ((c.data()[c.position() + 6] >> 4) & 0x0F) == 0x0C;
    }

    /** The serving cell after a GPS block, when the packet has room for it (some firmwares leave it out). */
    private static void optionalCell(ByteReader c, FixBuilder fix) throws DecodeException {
        if (c.remaining() >= 8) {
            Gt06Blocks.cell2g(c, fix, 3);
        }
    }

    /**
     * ACC (1), data upload mode (1), real-time or re-upload (1), mileage (4) when present. Upload mode 0x0B is a
     * position the device resolved from Wi-Fi, not GPS.
     */
    private static void uploadStatus(ByteReader c, FixBuilder fix) throws DecodeException {
        if (c.remaining() < 3) {
            return;
        }
        fix.io("acc", c.u8("ACC") != 0);
        int mode = c.u8("upload mode");
        fix.io("uploadMode", mode);
        fix.io("reupload", c.u8("real-time re-upload") != 0);
        if (mode == 0x0B) {
            fix.source = Fix.PositionSource.WIFI;
        }
        if (c.remaining() >= 4) {
            fix.io("mileage", c.u32("mileage"));
        }
    }

    /** Terminal status, alarm and language, then the fence number when {@code fence}. */
    private static void alarmTail(ByteReader c, FixBuilder fix, boolean fence) throws DecodeException {
        if (c.remaining() < 5) {
            return; // some firmwares stop after the cell
        }
        Gt06Blocks.terminalStatus(c, fix);
        Gt06Blocks.alarmAndLanguage(c, fix);
        if (fence && c.remaining() >= 1) {
            fix.io("fenceNumber", c.u8("fence number"));
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
