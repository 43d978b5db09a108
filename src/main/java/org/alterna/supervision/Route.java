package org.alterna.supervision;

import java.util.Objects;
import org.locationtech.jts.geom.LineString;

/**
 * An authorised route: while its schedule is active the person must stay within {@code corridorMeters} of the line
 * (a ROUTE_DEVIATION alarm otherwise).
 */
public final class Route {
    private final String id;
    private final LineString line;
    private final double corridorMeters;
    private final WeeklySchedule schedule;
    final Area area;

    public Route(String id, LineString line, double corridorMeters, WeeklySchedule schedule) {
        this.id = Objects.requireNonNull(id);
        this.line = Objects.requireNonNull(line);
        if (!(corridorMeters > 0)) {
            throw new IllegalArgumentException("corridorMeters must be > 0");
        }
        this.corridorMeters = corridorMeters;
        this.schedule = schedule == null ? WeeklySchedule.always() : schedule;
        this.area = Area.of(line, corridorMeters);
    }

    public String id() {
        return id;
    }

    public LineString line() {
        return line;
    }

    public double corridorMeters() {
        return corridorMeters;
    }

    public WeeklySchedule schedule() {
        return schedule;
    }
}
