package org.alterna.supervision;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import org.locationtech.jts.geom.Envelope;

/**
 * The zones of a plan (an immutable list), compiled for the engine's per-fix loop: one flat array holds each zone's
 * type, each exclusion zone's extent — so a fix far from it is recognised without touching its geometry — and a
 * circle's centre, scale factors and radius — so the most common zone, the home circle, is measured without fetching
 * its {@link Area} (the loop is bound by memory latency, not arithmetic). Built on first use: a {@link ZoneIndex} of
 * the exclusion zones for plans with many of them. An inclusion zone is never skipped: being outside it is the breach.
 */
final class PlanZones extends AbstractList<Zone> implements RandomAccess {
    /**
     * Plans with at least this many exclusion zones look them up in an STRtree rather than scanning their extents:
     * below, the scan of a flat array is faster than the tree's query (EngineBenchmark: about equal at 100 zones, the
     * tree 1.8 times faster at 200, the scan 1.5 times faster at 34).
     */
    static final int INDEX_MIN = 100;
    /** Extents are widened by this much so that a fix outside one is certainly outside the zone. */
    static final double SKIP_MARGIN_M = 1;

    private static final PlanZones EMPTY = new PlanZones(new Zone[0]);

    private final Zone[] zones;
    private final Area[] areas;
    /**
     * Two sections: first, per zone, south, north, west, east (degrees; everything for a zone never skipped), scanned
     * at every fix; then, per zone, flags ({@link #INCLUSION}, {@link #CIRCLE}) and for a circle lat0, lon0, kx, ky,
     * radius as in its {@link Area}.
     */
    private final double[] box;
    private final int meta; // where the second section starts
    private static final int INCLUSION = 1;
    private static final int CIRCLE = 2;
    private final boolean inclusionOnly;
    private final int exclusions;
    private volatile ZoneIndex<Integer> index;
    private final long[] skippableMask;

    private PlanZones(Zone[] zones) {
        this.zones = zones;
        this.areas = new Area[zones.length];
        this.box = new double[zones.length * 10];
        this.meta = zones.length * 4;
        int ex = 0;
        for (int i = 0; i < zones.length; i++) {
            Area a = zones[i].area;
            areas[i] = a;
            boolean inclusion = zones[i].type() == ZoneType.INCLUSION;
            Envelope e = inclusion ? null : a.envelope(SKIP_MARGIN_M);
            if (e != null) {
                ex++;
            }
            int b = 4 * i;
            box[b] = e == null ? Double.NEGATIVE_INFINITY : e.getMinY();
            box[b + 1] = e == null ? Double.POSITIVE_INFINITY : e.getMaxY();
            box[b + 2] = e == null ? Double.NEGATIVE_INFINITY : e.getMinX();
            box[b + 3] = e == null ? Double.POSITIVE_INFINITY : e.getMaxX();
            int m = meta + 6 * i;
            box[m] = (inclusion ? INCLUSION : 0) | (a.isCircle() ? CIRCLE : 0);
            if (a.isCircle()) {
                box[m + 1] = a.lat0();
                box[m + 2] = a.lon0();
                box[m + 3] = a.kx();
                box[m + 4] = a.ky();
                box[m + 5] = a.radius();
            }
        }
        this.skippableMask = new long[(zones.length + 63) >>> 6];
        for (int i = 0; i < zones.length; i++) {
            if (skippable(i)) {
                skippableMask[i >>> 6] |= 1L << i;
            }
        }
        this.exclusions = ex;
        this.inclusionOnly = ex == 0;
    }

    static PlanZones of(Collection<Zone> zones) {
        if (zones instanceof PlanZones p) {
            return p;
        }
        if (zones == null || zones.isEmpty()) {
            return EMPTY;
        }
        List<Zone> copy = List.copyOf(zones); // rejects nulls
        return new PlanZones(copy.toArray(new Zone[0]));
    }

    @Override
    public Zone get(int i) {
        return zones[i];
    }

    @Override
    public int size() {
        return zones.length;
    }

    boolean inclusion(int i) {
        return ((int) box[meta + 6 * i] & INCLUSION) != 0;
    }

    /** Zone i's {@link Area#signedDistance}, the same number, a circle's from this array. */
    double signedDistance(int i, double lat, double lon) {
        int m = meta + 6 * i;
        if (((int) box[m] & CIRCLE) == 0) {
            return areas[i].signedDistance(lat, lon);
        }
        double x = Geo.wrapLon(lon - box[m + 2]) * box[m + 3];
        double y = (lat - box[m + 1]) * box[m + 4];
        return Math.sqrt(x * x + y * y) - box[m + 5];
    }

    /** Whether the point (degrees, finite, longitude in [-180, 180]) is certainly outside exclusion zone i. */
    boolean outside(int i, double lat, double lon) {
        int b = 4 * i;
        return lat < box[b] || lat > box[b + 1] || lon < box[b + 2] || lon > box[b + 3];
    }

    /** Whether zone i is an exclusion zone that may be skipped by its extent. */
    boolean skippable(int i) {
        return box[4 * i] != Double.NEGATIVE_INFINITY;
    }

    /** Bit i: zone i may be skipped ({@link #skippable(int)}), 64 zones a word. */
    long[] skippableMask() {
        return skippableMask;
    }

    /** The bits of word w that stand for one of n zones. */
    static long mask(int w, int n) {
        int left = n - (w << 6);
        return left >= 64 ? -1L : (1L << left) - 1;
    }

    /** Whether some zone may be skipped by its extent at all. */
    boolean hasSkippable() {
        return !inclusionOnly;
    }

    /** Number of exclusion zones that may be skipped by their extent. */
    int skippable() {
        return exclusions;
    }

    /** The STRtree of the skippable exclusion zones (owners: positions in this list), built once on first use. */
    ZoneIndex<Integer> index() {
        ZoneIndex<Integer> i = index;
        if (i == null) {
            List<ZoneIndex.Entry<Integer>> entries = new ArrayList<>();
            for (int z = 0; z < zones.length; z++) {
                if (skippable(z)) {
                    entries.add(new ZoneIndex.Entry<>(z, zones[z]));
                }
            }
            i = new ZoneIndex<>(entries, SKIP_MARGIN_M);
            index = i;
        }
        return i;
    }
}
