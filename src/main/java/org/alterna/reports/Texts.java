package org.alterna.reports;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;

/**
 * The words and formats of one report: messages from the bundles ({@code messages.properties}, Spanish by default;
 * {@code messages_en.properties}), dates as {@code dd/MM/yyyy HH:mm} in the local time zone, numbers as the language
 * writes them.
 */
final class Texts {
    static final Locale SPANISH = Locale.forLanguageTag("es-PE");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter DATE_TIME_SECONDS = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final MessageSource messages;
    private final Locale locale;
    private final ZoneId zone;

    Texts(MessageSource messages, Locale locale, ZoneId zone) {
        this.messages = messages;
        this.locale = locale;
        this.zone = zone;
    }

    /** The language of a request parameter: English on request, Spanish otherwise. */
    static Locale language(String lang) {
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : SPANISH;
    }

    Locale locale() {
        return locale;
    }

    ZoneId zone() {
        return zone;
    }

    String t(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** The message, or {@code fallback} when the bundle has no such key (e.g. an alarm type added later). */
    String or(String key, String fallback) {
        try {
            return messages.getMessage(key, null, locale);
        } catch (NoSuchMessageException e) {
            return fallback;
        }
    }

    String type(String alarmType) {
        return or("alarm.type." + alarmType, alarmType);
    }

    String code(String resolutionCode) {
        return resolutionCode == null ? t("report.unresolved") : or("alarm.code." + resolutionCode, resolutionCode);
    }

    String dateTime(Instant t) {
        return t == null ? "—" : DATE_TIME.format(t.atZone(zone));
    }

    String dateTimeSeconds(Instant t) {
        return t == null ? "—" : DATE_TIME_SECONDS.format(t.atZone(zone));
    }

    String date(LocalDate d) {
        return d == null ? "—" : DATE.format(d);
    }

    String date(Instant t) {
        return t == null ? "—" : DATE.format(t.atZone(zone));
    }

    String time(Instant t) {
        return t == null ? "—" : DateTimeFormatter.ofPattern("HH:mm").format(t.atZone(zone));
    }

    /** "3 d 4 h", "2 h 15 min", "45 min", "30 s". */
    String duration(Duration d) {
        if (d == null) {
            return "—";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        return minutes + " min";
    }

    String number(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    String decimal(double v, int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(v);
    }

    String percent(double share) {
        return decimal(share * 100, 1) + " %";
    }
}
