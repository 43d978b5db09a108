package org.alterna.common;

import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The configured local zone (America/Lima by default) used at the edges: console, reports, schedules. */
@Component
public class LocalTime {
    private final ZoneId zone;

    public LocalTime(@Value("${alterna.time-zone:America/Lima}") String zone) {
        this.zone = ZoneId.of(zone);
    }

    public ZoneId zone() {
        return zone;
    }
}
