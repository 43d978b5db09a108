package org.alterna.common;

import java.time.DateTimeException;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/** The configured local zone (America/Lima by default) used at the edges: console, reports, schedules. */
@Component
@EnableConfigurationProperties(LocalTime.Settings.class)
public class LocalTime {
    private final ZoneId zone;

    LocalTime(Settings settings) {
        this.zone = settings.zone();
    }

    /** @param timeZone {@code alterna.time-zone}: the local time of the console, reports and zone schedules */
    @ConfigurationProperties("alterna")
    record Settings(@DefaultValue("America/Lima") String timeZone) {
        Settings {
            zone(timeZone);
        }

        ZoneId zone() {
            return zone(timeZone);
        }

        private static ZoneId zone(String id) {
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("alterna.time-zone: unknown time zone '" + id + "'", e);
            }
        }
    }

    public ZoneId zone() {
        return zone;
    }
}
