package org.alterna.supervision;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;

/**
 * A zone of a supervision plan: a JTS geometry in WGS84 longitude/latitude (Polygon, MultiPolygon, or Point with a
 * radius in metres, which is a true metric circle), an INCLUSION/EXCLUSION type and an optional weekly schedule.
 */
public final class Zone {
    private final String id;
    private final ZoneType type;
    private final Geometry geometry;
    private final Double radiusMeters;
    private final WeeklySchedule schedule;
    final Area area;

    public Zone(String id, ZoneType type, Geometry geometry, Double radiusMeters, WeeklySchedule schedule) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        if (geometry instanceof Point) {
            if (radiusMeters == null || !(radiusMeters > 0)) {
                throw new IllegalArgumentException("a Point zone needs radiusMeters > 0");
            }
        } else if (!(geometry instanceof Polygonal)) {
            throw new IllegalArgumentException("zone geometry must be a Polygon, MultiPolygon or Point");
        }
        this.radiusMeters = radiusMeters;
        this.schedule = schedule == null ? WeeklySchedule.always() : schedule;
        this.area = Area.of(geometry, radiusMeters);
    }

    public String id() {
        return id;
    }

    public ZoneType type() {
        return type;
    }

    public Geometry geometry() {
        return geometry;
    }

    public Double radiusMeters() {
        return radiusMeters;
    }

    public WeeklySchedule schedule() {
        return schedule;
    }

    /** Signed distance in metres to the zone's edge: positive outside, negative inside. */
    public double signedDistanceMeters(double lat, double lon) {
        return area.signedDistance(lat, lon);
    }
}
