package org.alterna.common;

/**
 * Bad input named by the path of the offending field ({@code conditions.zones[2].geometry}); rendered as an
 * RFC 9457 problem with status 400. Thrown before anything is written.
 */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(field == null || field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same error nested under a parent path, e.g. {@code zones[2]} + {@code geometry}. */
    public InvalidInputException under(String parent) {
        String nested = field == null || field.isEmpty() ? parent : parent + (field.startsWith("[") ? "" : ".") + field;
        String detail = getMessage().substring(field == null || field.isEmpty() ? 0 : field.length() + 2);
        return new InvalidInputException(nested, detail);
    }
}
