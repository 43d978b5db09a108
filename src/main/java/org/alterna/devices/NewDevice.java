package org.alterna.devices;

import java.util.Locale;
import java.util.regex.Pattern;
import org.alterna.telemetry.TrackerProtocols;

/**
 * A device to register: what it is and where it is kept. Only the id, model and protocol are required; a unit is
 * an ankle tag in a warehouse unless said otherwise.
 */
public record NewDevice(String uniqueId, DeviceKind kind, String model, String protocol, String iccid,
        String firmware, String contract, String owner, String holdingRegion, LocationType locationType,
        String locationRef) {

    private static final Pattern UNIQUE_ID = Pattern.compile("[0-9A-Za-z._-]{1,40}");
    /** ITU-T E.118: up to 19 digits plus a check digit; some issuers print 18 to 22. */
    private static final Pattern ICCID = Pattern.compile("[0-9]{18,22}");

    /** The minimum: id, model and protocol (an ankle tag in the warehouse, held by {@code holdingRegion}). */
    public static NewDevice of(String uniqueId, String model, String protocol, String holdingRegion) {
        return new NewDevice(uniqueId, null, model, protocol, null, null, null, null, holdingRegion, null, null);
    }

    /** This device with the holding region replaced. */
    NewDevice heldBy(String region) {
        return new NewDevice(uniqueId, kind, model, protocol, iccid, firmware, contract, owner, region, locationType,
                locationRef);
    }

    // ---- field rules, shared by the API (first error answered 400) and the CSV import (every error by line) ----

    /** Why the value is not acceptable, or null when it is. */
    static String checkId(String id) {
        if (id == null || id.isBlank()) {
            return "is required";
        }
        return UNIQUE_ID.matcher(id).matches() ? null : "must be 1-40 letters, digits, '.', '_' or '-'";
    }

    static String checkModel(String model) {
        if (model == null || model.isBlank()) {
            return "is required";
        }
        return model.strip().length() > 80 ? "must be at most 80 characters" : null;
    }

    static String checkProtocol(String protocol) {
        if (protocol == null || protocol.isBlank()) {
            return "is required: one of " + TrackerProtocols.NAMES.stream().sorted().toList();
        }
        return TrackerProtocols.isKnown(protocol) ? null
                : "must be one of " + TrackerProtocols.NAMES.stream().sorted().toList();
    }

    static String checkIccid(String iccid) {
        if (iccid == null || iccid.isBlank()) {
            return null;
        }
        return ICCID.matcher(iccid.strip()).matches() ? null : "must be the SIM's ICCID: 18 to 22 digits";
    }

    static String checkText(String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.strip().length() > max) {
            return "must be at most " + max + " characters";
        }
        return value.chars().anyMatch(c -> c < 0x20) ? "must not contain control characters" : null;
    }

    static <E extends Enum<E>> String checkEnum(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
            return null;
        } catch (IllegalArgumentException e) {
            return "must be one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        }
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        return value == null || value.isBlank() ? null : Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
