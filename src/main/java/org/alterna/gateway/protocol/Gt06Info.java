package org.alterna.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.alterna.telemetry.Fix.DeviceAlarm;

/**
 * Information transmission packet 0x94 (Concox JM-VL03 9, AM01): an information type byte, then its data.
 * <ul>
 * <li>0x00 external battery voltage (2 bytes, 0.01 V) as {@code externalVoltage};</li>
 * <li>0x04 terminal status synchronisation, ASCII {@code KEY=VALUE;...}: the alarm and status bytes ALM1-ALM4,
 * STA1, DYD as numbers ({@code alm1} ... {@code sta1}, {@code dyd}), other keys as text in lower case. STA1 bit 0 is
 * the "tamper alert" of the JM-VL03 document (bit 1 the tamper switch): the device's own case switch of a vehicle
 * tracker, not an ankle strap, so it raises no {@link DeviceAlarm#TAMPER} (a strap-tamper alarm) by itself; a model
 * whose document says the bit is its strap maps it in its profile ({@code "alarms": {"sta1:0": "TAMPER"}});</li>
 * <li>0x05 door status: bit 0 door open ({@code door}), bit 2 I/O port high ({@code ioPort});</li>
 * <li>0x09 GPS module status (first byte, {@code gpsModuleStatus});</li>
 * <li>0x0A IMEI, IMSI and ICCID (BCD) as {@code imsi}, {@code iccid};</li>
 * <li>0x1B RFID card (ASCII) as {@code rfid};</li>
 * <li>others: the data as hex under {@code data}.</li>
 * </ul>
 * The device expects no answer.
 */
final class Gt06Info {
    private Gt06Info() {
    }

    static void decode(ByteReader c, FixBuilder fix) throws DecodeException {
        int type = c.u8("information type");
        fix.io("infoType", type);
        switch (type) {
            case 0x00 -> fix.io("externalVoltage", c.u16("external voltage") / 100.0);
            case 0x04 -> sync(new String(c.bytes(c.remaining(), "status"), StandardCharsets.ISO_8859_1), fix);
            case 0x05 -> {
                int door = c.u8("door status");
                fix.io("door", (door & 0x01) != 0);
                fix.io("ioPort", (door & 0x04) != 0);
            }
            case 0x09 -> fix.io("gpsModuleStatus", c.u8("GPS module status"));
            case 0x0A -> {
                c.skip(8, "IMEI");
                fix.io("imsi", digits(c.bytes(8, "IMSI")));
                fix.io("iccid", digits(c.bytes(Math.min(10, c.remaining()), "ICCID")));
            }
            case 0x1B -> fix.io("rfid", new String(c.bytes(c.remaining(), "RFID"), StandardCharsets.ISO_8859_1).trim());
            default -> fix.io("data", Hex.of(c.bytes(c.remaining(), "data")));
        }
    }

    private static void sync(String text, FixBuilder fix) {
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).trim();
            if (key.matches("alm[1-4]|sta1|dyd") && value.matches("[0-9A-Fa-f]{1,2}")) {
                int bits = Integer.parseInt(value, 16);
                fix.io(key, bits); // STA1 bit 0: an alarm only through the model profile
            } else if (!key.isEmpty()) {
                fix.io(key, value);
            }
        }
    }

    /** BCD digits, a trailing filler nibble (F) dropped. */
    private static String digits(byte[] bcd) {
        StringBuilder s = new StringBuilder(bcd.length * 2);
        for (byte b : bcd) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString().replaceAll("[fF]+$", "");
    }
}
