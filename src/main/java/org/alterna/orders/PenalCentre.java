package org.alterna.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * An establecimiento penitenciario with INPE's population figures as of {@code figuresDate}. Coordinates are
 * approximate (good for maps, never for geofencing).
 */
public record PenalCentre(Long id, String code, String name, String regionalOffice, String department, String city,
        double lat, double lon, int capacity, int population, int procesados, int sentenciados, LocalDate figuresDate,
        String source) {

    /** Population above capacity, in percent of capacity (148 means 2.48 people per place). */
    @JsonProperty("overcrowdingPercent")
    public Double overcrowdingPercent() {
        return overcrowding(capacity, population);
    }

    static Double overcrowding(long capacity, long population) {
        return capacity <= 0 ? null : Math.round((population - capacity) * 1000.0 / capacity) / 10.0;
    }
}
