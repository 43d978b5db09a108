package org.alterna.orders;

import java.time.LocalDate;
import java.time.Year;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alterna.common.InvalidInputException;

/** Field checks shared by the services; each failure names the field. */
final class Validate {
    private static final Pattern DNI = Pattern.compile("\\d{8}");
    /**
     * Número de expediente, loosely: number-year-incident-court code(4 digits)-specialty-area-judge, e.g.
     * {@code 00123-2026-1-1801-JR-PE-01}; the incident and the judge parts are optional and the letter codes are 2–3
     * letters.
     */
    private static final Pattern EXPEDIENTE = Pattern.compile(
            "(\\d{1,6})-(\\d{4})(?:-(\\d{1,3}))?-(\\d{4})-([A-Z]{2,3})-([A-Z]{2,3})(?:-(\\d{1,3}))?");

    private Validate() {
    }

    static String required(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "required");
        }
        return optional(value, field, maxLength);
    }

    static String optional(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > maxLength) {
            throw new InvalidInputException(field, "must be at most " + maxLength + " characters");
        }
        return v;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, "required");
        }
        return value;
    }

    static String dni(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidInputException(field, "required");
            }
            return null;
        }
        String v = value.trim();
        if (!DNI.matcher(v).matches()) {
            throw new InvalidInputException(field, "a DNI is exactly 8 digits (got \"" + v + "\")");
        }
        return v;
    }

    static String expediente(String value, String field) {
        String v = required(value, field, 60).toUpperCase();
        Matcher m = EXPEDIENTE.matcher(v);
        if (!m.matches()) {
            throw new InvalidInputException(field, "not an expediente number like 00123-2026-1-1801-JR-PE-01 (got \""
                    + value.trim() + "\")");
        }
        int year = Integer.parseInt(m.group(2));
        if (year < 1990 || year > Year.now().getValue() + 1) {
            throw new InvalidInputException(field, "the year " + year + " of the expediente is not plausible");
        }
        return v;
    }

    static void latLon(Double lat, Double lon, String field) {
        if (lat == null && lon == null) {
            return;
        }
        if (lat == null || lon == null) {
            throw new InvalidInputException(field, "give both lat and lon, or neither");
        }
        if (lat < -90 || lat > 90) {
            throw new InvalidInputException(field + ".lat", "must be between -90 and 90");
        }
        if (lon < -180 || lon > 180) {
            throw new InvalidInputException(field + ".lon", "must be between -180 and 180");
        }
    }

    static void notFuture(LocalDate date, LocalDate today, String field) {
        if (date != null && date.isAfter(today)) {
            throw new InvalidInputException(field, "must not be in the future");
        }
    }
}
