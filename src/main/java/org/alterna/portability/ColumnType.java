package org.alterna.portability;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * The logical types of exported columns and their text form, the same on H2 and PostgreSQL (see
 * {@code docs/export-format.md}): a value is read from a result set as text and bound back from text, so a round
 * trip through a file gives the same value. A SQL NULL is Java {@code null} (an empty unquoted CSV field).
 */
public enum ColumnType {
    /** Text as stored. */
    STRING,
    /** Whole numbers (SMALLINT, INTEGER, BIGINT), decimal digits. */
    INTEGER,
    /** Exact decimals (NUMERIC), plain notation. */
    DECIMAL,
    /** IEEE 754 double: Java's shortest representation that reads back to the same double. */
    DOUBLE,
    /** IEEE 754 single precision (REAL). */
    REAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** ISO-8601 calendar date, {@code 2026-03-02}. */
    DATE,
    /** An instant (TIMESTAMP WITH TIME ZONE) in UTC, ISO-8601 with its stored fraction: {@code 2026-03-02T01:00:00.123456Z}. */
    TIMESTAMP,
    /** A local date-time (TIMESTAMP without time zone), ISO-8601. */
    LOCAL_TIMESTAMP,
    /** Canonical lower-case UUID text. */
    UUID,
    /** Bytes, Base64 (RFC 4648, with padding). */
    BINARY;

    /**
     * {@link Instant#toString()} of the instant, written directly (exports format millions of them): years 0000-9999,
     * the fraction in groups of three digits, none when zero. Other years fall back to {@code Instant.toString()}.
     */
    public static String isoInstant(long epochSecond, int nano) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secs = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate d = LocalDate.ofEpochDay(days);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return Instant.ofEpochSecond(epochSecond, nano).toString();
        }
        char[] c = new char[30];
        int n = 0;
        n = digits(c, n, year, 4);
        c[n++] = '-';
        n = digits(c, n, d.getMonthValue(), 2);
        c[n++] = '-';
        n = digits(c, n, d.getDayOfMonth(), 2);
        c[n++] = 'T';
        n = digits(c, n, secs / 3600, 2);
        c[n++] = ':';
        n = digits(c, n, secs / 60 % 60, 2);
        c[n++] = ':';
        n = digits(c, n, secs % 60, 2);
        if (nano > 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                n = digits(c, n, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                n = digits(c, n, nano / 1_000, 6);
            } else {
                n = digits(c, n, nano, 9);
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static int digits(char[] c, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            c[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** The type of a column from its JDBC type and database type name; throws for a type the format cannot carry. */
    public static ColumnType of(int sqlType, String typeName, String where) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("uuid")) {
            return UUID;
        }
        if (name.equals("timestamptz") || name.startsWith("timestamp with time zone")) {
            return TIMESTAMP;
        }
        return switch (sqlType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
                    Types.LONGNVARCHAR, Types.NCLOB -> STRING;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
            case Types.DOUBLE, Types.FLOAT -> DOUBLE;
            case Types.REAL -> REAL;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.DATE -> DATE;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP;
            case Types.TIMESTAMP -> LOCAL_TIMESTAMP;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
            default -> throw new IllegalStateException(where + ": column type " + typeName + " (JDBC " + sqlType
                    + ") has no text form in the export format; add it to ColumnType");
        };
    }

    /** The value of column {@code i} (1-based) as text, or null. */
    public String read(ResultSet rs, int i) throws SQLException {
        switch (this) {
            case STRING -> {
                return rs.getString(i);
            }
            case INTEGER -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : Long.toString(v);
            }
            case DECIMAL -> {
                BigDecimal v = rs.getBigDecimal(i);
                return v == null ? null : v.toPlainString();
            }
            case DOUBLE -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : Double.toString(v);
            }
            case REAL -> {
                float v = rs.getFloat(i);
                return rs.wasNull() ? null : Float.toString(v);
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : Boolean.toString(v);
            }
            case DATE -> {
                LocalDate v = rs.getObject(i, LocalDate.class);
                return v == null ? null : v.toString();
            }
            case TIMESTAMP -> {
                OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                return v == null ? null : isoInstant(v.toEpochSecond(), v.getNano());
            }
            case LOCAL_TIMESTAMP -> {
                LocalDateTime v = rs.getObject(i, LocalDateTime.class);
                return v == null ? null : v.toString();
            }
            case UUID -> {
                java.util.UUID v = rs.getObject(i, java.util.UUID.class);
                return v == null ? null : v.toString();
            }
            case BINARY -> {
                byte[] v = rs.getBytes(i);
                return v == null ? null : Base64.getEncoder().encodeToString(v);
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** Binds {@code text} (null: SQL NULL of {@code sqlType}) as parameter {@code i}; throws on a malformed value. */
    public void bind(PreparedStatement ps, int i, String text, int sqlType) throws SQLException {
        if (text == null) {
            ps.setNull(i, sqlType == Types.OTHER && this == UUID ? Types.OTHER : sqlType);
            return;
        }
        switch (this) {
            case STRING -> ps.setString(i, text);
            case INTEGER -> {
                long v = Long.parseLong(text);
                switch (sqlType) {
                    case Types.TINYINT, Types.SMALLINT -> ps.setShort(i, (short) Math.toIntExact(v));
                    case Types.INTEGER -> ps.setInt(i, Math.toIntExact(v));
                    default -> ps.setLong(i, v);
                }
            }
            case DECIMAL -> ps.setBigDecimal(i, new BigDecimal(text));
            case DOUBLE -> ps.setDouble(i, Double.parseDouble(text));
            case REAL -> ps.setFloat(i, Float.parseFloat(text));
            case BOOLEAN -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("not true or false: '" + text + "'");
                }
                ps.setBoolean(i, Boolean.parseBoolean(text));
            }
            case DATE -> ps.setObject(i, LocalDate.parse(text));
            case TIMESTAMP -> ps.setObject(i, Instant.parse(text).atOffset(ZoneOffset.UTC));
            case LOCAL_TIMESTAMP -> ps.setObject(i, LocalDateTime.parse(text));
            case UUID -> ps.setObject(i, java.util.UUID.fromString(text));
            case BINARY -> ps.setBytes(i, Base64.getDecoder().decode(text));
            default -> throw new IllegalStateException(name());
        }
    }
}
