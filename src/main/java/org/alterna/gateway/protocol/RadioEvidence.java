package org.alterna.gateway.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cell towers and Wi-Fi access points a device reports, kept in {@code Fix.io()} (and in status messages) as evidence
 * under two documented keys, whatever the protocol:
 * <ul>
 * <li>{@code cells}: a list of towers, the serving cell first, each {@code {mcc, mnc, lac, cid, rssi}} (numbers;
 * absent fields left out). The serving cell is also kept flat as {@code mcc}, {@code mnc}, {@code lac} and
 * {@code cellId}, the keys stored before the list existed.</li>
 * <li>{@code wifi}: a list of access points, each {@code {mac, rssi, ssid}} ({@code mac} as {@code aa:bb:cc:dd:ee:ff},
 * {@code rssi} in dBm when the device gives it).</li>
 * </ul>
 * They say where the device could hear these radios, not where it is: resolving them to a position is a geolocation
 * service's work, and a position from them is never a GPS fix.
 */
final class RadioEvidence {
    static final String CELLS = "cells";
    static final String WIFI = "wifi";

    private RadioEvidence() {
    }

    /** A cell tower; nulls are left out. */
    static Map<String, Object> tower(Integer mcc, Integer mnc, long lac, long cid, Integer rssi) {
        Map<String, Object> t = new LinkedHashMap<>();
        putIfSet(t, "mcc", mcc);
        putIfSet(t, "mnc", mnc);
        t.put("lac", lac);
        t.put("cid", cid);
        putIfSet(t, "rssi", rssi);
        return t;
    }

    /** Appends a tower to {@code cells}; the first one is also kept flat (mcc, mnc, lac, cellId). */
    static void add(FixBuilder fix, Map<String, Object> tower) {
        List<Object> cells = list(fix, CELLS);
        if (cells.isEmpty()) {
            fix.io("mcc", tower.get("mcc"));
            fix.io("mnc", tower.get("mnc"));
            fix.io("lac", narrow(tower.get("lac")));
            fix.io("cellId", narrow(tower.get("cid")));
        }
        cells.add(Map.copyOf(tower));
    }

    /** An access point: MAC from 6 bytes, signal in dBm (null when not given), SSID (null when not given). */
    static Map<String, Object> accessPoint(byte[] mac, Integer rssi, String ssid) {
        Map<String, Object> ap = new LinkedHashMap<>();
        ap.put("mac", mac(mac));
        putIfSet(ap, "rssi", rssi);
        putIfSet(ap, "ssid", ssid);
        return ap;
    }

    static void addAccessPoint(FixBuilder fix, Map<String, Object> ap) {
        list(fix, WIFI).add(Map.copyOf(ap));
    }

    static String mac(byte[] mac) {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(String.format(Locale.ROOT, "%02x", mac[i] & 0xFF));
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(FixBuilder fix, String key) {
        return (List<Object>) fix.io.computeIfAbsent(key, k -> new ArrayList<>());
    }

    /** Flat keys keep ints where the value fits, as they always did. */
    private static Object narrow(Object v) {
        return v instanceof Long l && l <= Integer.MAX_VALUE ? (Object) l.intValue() : v;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
