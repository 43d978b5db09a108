package org.alterna.supervision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Zones in a JTS {@link STRtree}: each zone by its extent in degrees, widened by {@code margin} metres converted at the
 * zone's own latitude (see {@link Area#envelope}), so a point query returns every zone the point may be within
 * {@code margin} of, whatever the latitude; the exact test is then the zone's metric {@link Area}. Immutable and safe
 * for concurrent queries once built. Zones whose extent would cross the antimeridian are kept aside and always tested.
 *
 * @param <K> what a zone belongs to (an order id, or its position in a plan)
 */
final class ZoneIndex<K> {
    /** A zone and what it belongs to. */
    record Entry<K>(K owner, Zone zone) {
    }

    /** A zone within the asked distance of a point: {@code distance} is its signed distance (negative inside). */
    record Hit<K>(K owner, Zone zone, double distance) {
    }

    /** Receives candidate entries of a query. */
    interface Visitor<K> {
        void visit(Entry<K> entry);
    }

    private final STRtree tree;
    private final List<Entry<K>> unindexed = new ArrayList<>();
    private final double margin;
    /** The smallest metres-per-degree factors of any zone: a query wider than the margin converts with these. */
    private final double minKx;
    private final double minKy;
    private final int size;

    ZoneIndex(Collection<Entry<K>> entries, double marginMeters) {
        this.margin = marginMeters;
        this.tree = new STRtree(Math.max(2, Math.min(10, entries.size())));
        double kx = Double.MAX_VALUE;
        double ky = Double.MAX_VALUE;
        for (Entry<K> e : entries) {
            Area a = e.zone().area;
            Envelope env = a.envelope(marginMeters);
            if (env == null) {
                unindexed.add(e);
            } else {
                tree.insert(env, e);
            }
            kx = Math.min(kx, a.kx());
            ky = Math.min(ky, a.ky());
        }
        tree.build();
        this.minKx = kx;
        this.minKy = ky;
        this.size = entries.size();
    }

    int size() {
        return size;
    }

    double margin() {
        return margin;
    }

    /**
     * Visits every zone the point (WGS84 degrees, longitude in [-180, 180]) may be within {@code margin} metres of: a
     * superset of those zones, never missing one.
     */
    void candidates(double lat, double lon, Visitor<K> visitor) {
        candidates(lat, lon, margin, visitor);
    }

    @SuppressWarnings("unchecked")
    private void candidates(double lat, double lon, double metres, Visitor<K> visitor) {
        Envelope q;
        if (metres <= margin) {
            q = new Envelope(lon, lon, lat, lat);
        } else {
            // every zone's envelope already covers the margin; the rest, in degrees, is widest where a degree is shortest
            double extra = metres - margin;
            q = new Envelope(lon - extra / minKx, lon + extra / minKx, lat - extra / minKy, lat + extra / minKy);
        }
        if (size > unindexed.size()) {
            tree.query(q, item -> visitor.visit((Entry<K>) item));
        }
        for (int i = 0; i < unindexed.size(); i++) {
            visitor.visit(unindexed.get(i));
        }
    }

    /** The zones whose edge is at most {@code metres} from the point or that contain it, nearest (deepest) first. */
    List<Hit<K>> near(double lat, double lon, double metres) {
        List<Hit<K>> hits = new ArrayList<>();
        candidates(lat, lon, metres, e -> {
            double d = e.zone().area.signedDistance(lat, lon);
            if (d <= metres) {
                hits.add(new Hit<>(e.owner(), e.zone(), d));
            }
        });
        hits.sort(Comparator.comparingDouble(Hit::distance));
        return hits;
    }

    /** The zones that contain the point (on the edge counts). */
    List<Hit<K>> containing(double lat, double lon) {
        return near(lat, lon, 0);
    }
}
