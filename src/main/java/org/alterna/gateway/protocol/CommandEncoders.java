package org.alterna.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;

/**
 * Commands to devices, byte for byte as the manufacturers' documents give them. Pure functions.
 * <ul>
 * <li>Teltonika Codec 12 (Teltonika wiki "Codec", section Codec 12): preamble {@code 00000000}, data size (4),
 * codec {@code 0C}, command quantity {@code 01}, type {@code 05} (command), command size (4), the ASCII command,
 * command quantity {@code 01}, CRC-16/IBM (4, upper two bytes zero) over codec id .. second quantity. The device
 * answers with type {@code 06} (decoded as a command response).</li>
 * <li>Teltonika Codec 14 (same page, Codec 14): as Codec 12 with codec {@code 0E}, the command size counting 8 more
 * bytes, and the IMEI as 8 bytes of BCD (a leading 0 nibble) before the command; the device answers {@code 06} if the
 * IMEI is its own, {@code 11} (nACK) otherwise. Firmware FMB 03.25.04 and later.</li>
 * <li>GT06 online command 0x80 (Concox JM-VL03 protocol 1.1.2, section 7): {@code 7878}, length, {@code 80}, command
 * length (server flag + content), server flag (4, echoed by the device in its 0x15/0x21 answer), the ASCII command as
 * sent by SMS, optionally the language {@code 0002} (English; the document's example has none), serial (2),
 * CRC-ITU over length .. serial, {@code 0D0A}.</li>
 * <li>H02 text command: {@code *HQ,<id>,<type>,<HHmmss>,<parameters>#}; e.g. the reporting interval
 * {@code *HQ,<id>,S71,<HHmmss>,22,<seconds>#}.</li>
 * </ul>
 */
public final class CommandEncoders {
    private CommandEncoders() {
    }

    /**
     * The bytes of {@code commandText} (see {@link DeviceModelProfile#commandText}) for a device of {@code profile}:
     * Codec 12 or 14, a GT06 online command carrying {@code serverFlag} (its serial is the flag's low 16 bits), or an
     * H02 text command ({@code <type>,<parameters>} in the profile) timed {@code now} (UTC). OsmAnd has no return
     * channel: IllegalArgumentException.
     */
    public static byte[] encode(DeviceModelProfile profile, String deviceId, String commandText, long serverFlag,
            LocalTime now) {
        return switch (profile.protocol()) {
            case "teltonika" -> profile.codec14() ? teltonikaCodec14(deviceId, commandText) : teltonikaCodec12(commandText);
            case "gt06" -> gt06Online(serverFlag, commandText, (int) (serverFlag & 0xFFFF), profile.gt06Language());
            case "h02" -> {
                String[] parts = commandText.split(",");
                String[] params = java.util.Arrays.copyOfRange(parts, 1, parts.length);
                yield h02(deviceId, parts[0], now, params);
            }
            default -> throw new IllegalArgumentException(profile.protocol() + " has no return channel to the device");
        };
    }

    /** A Teltonika Codec 12 command message. */
    public static byte[] teltonikaCodec12(String command) {
        byte[] text = command.getBytes(StandardCharsets.US_ASCII);
        return teltonika(0x0C, new byte[0], text);
    }

    /** A Teltonika Codec 14 command message addressed to {@code imei} (up to 16 digits). */
    public static byte[] teltonikaCodec14(String imei, String command) {
        if (!imei.matches("\\d{1,16}")) {
            throw new IllegalArgumentException("IMEI must be 1 to 16 digits");
        }
        String padded = "0".repeat(16 - imei.length()) + imei;
        byte[] bcd = new byte[8];
        for (int i = 0; i < 8; i++) {
            bcd[i] = (byte) (((padded.charAt(2 * i) - '0') << 4) | (padded.charAt(2 * i + 1) - '0'));
        }
        return teltonika(0x0E, bcd, command.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] teltonika(int codec, byte[] prefix, byte[] text) {
        int commandSize = prefix.length + text.length;
        int dataSize = 1 + 1 + 1 + 4 + commandSize + 1;
        byte[] out = new byte[8 + dataSize + 4];
        int i = 4; // four zero bytes of preamble
        i = putInt(out, i, dataSize);
        int dataStart = i;
        out[i++] = (byte) codec;
        out[i++] = 1;
        out[i++] = 0x05;
        i = putInt(out, i, commandSize);
        System.arraycopy(prefix, 0, out, i, prefix.length);
        i += prefix.length;
        System.arraycopy(text, 0, out, i, text.length);
        i += text.length;
        out[i++] = 1;
        int crc = Checksums.crc16Ibm(out, dataStart, i);
        putInt(out, i, crc);
        return out;
    }

    private static int putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
        return at + 4;
    }

    /** A GT06 online command (0x80); {@code language} appends {@code 0002} (English) as some firmwares expect. */
    public static byte[] gt06Online(long serverFlag, String command, int serial, boolean language) {
        byte[] text = command.getBytes(StandardCharsets.US_ASCII);
        if (4 + text.length > 255) {
            throw new IllegalArgumentException("GT06 command too long: " + text.length + " bytes");
        }
        byte[] content = new byte[1 + 4 + text.length + (language ? 2 : 0)];
        content[0] = (byte) (4 + text.length);
        content[1] = (byte) (serverFlag >>> 24);
        content[2] = (byte) (serverFlag >>> 16);
        content[3] = (byte) (serverFlag >>> 8);
        content[4] = (byte) serverFlag;
        System.arraycopy(text, 0, content, 5, text.length);
        if (language) {
            content[content.length - 2] = 0x00;
            content[content.length - 1] = 0x02;
        }
        return Gt06Protocol.packet(0x80, content, serial & 0xFFFF);
    }

    /** An H02 text command {@code *HQ,<id>,<type>,<HHmmss>[,<parameter>...]#}. */
    public static byte[] h02(String deviceId, String type, LocalTime time, String... parameters) {
        StringBuilder s = new StringBuilder("*HQ,").append(deviceId).append(',').append(type).append(',')
                .append(String.format("%02d%02d%02d", time.getHour(), time.getMinute(), time.getSecond()));
        for (String p : parameters) {
            s.append(',').append(p);
        }
        return s.append('#').toString().getBytes(StandardCharsets.US_ASCII);
    }
}
