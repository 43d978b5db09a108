package org.alterna.supervision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * All zones of all orders under supervision in one {@link ZoneIndex}, for server-wide questions such as "which zones,
 * of which orders, are near this point" (the console, victim-proximity style checks). Maintained incrementally: an
 * order that changes (activated, conditions varied, closed) is masked in the last full STRtree and its current zones go
 * into a small second tree; when more than {@link #REBUILD_AFTER} orders (or an eighth of them) have changed, all is
 * rebuilt into one tree. Updates only record the change; the trees are brought up to date by the next query or
 * {@link #refresh()}, so a burst of activations costs one build. Queries read an immutable snapshot.
 */
final class ActiveZones {
    static final int REBUILD_AFTER = 256;

    private record Snapshot(ZoneIndex<UUID> base, Set<UUID> changed, ZoneIndex<UUID> recent) {
    }

    private final double margin;
    private final Map<UUID, List<Zone>> zones = new HashMap<>(); // guarded by this
    private final Set<UUID> changed = new HashSet<>(); // guarded by this: orders not (or no longer) as in base
    private volatile Snapshot snapshot;
    private volatile boolean stale;
    private int rebuilds; // guarded by this

    /** {@code marginMeters}: queries up to this distance are point lookups in the trees. */
    ActiveZones(double marginMeters) {
        this.margin = marginMeters;
        ZoneIndex<UUID> empty = new ZoneIndex<>(List.of(), marginMeters);
        this.snapshot = new Snapshot(empty, Set.of(), empty);
    }

    /** The order's zones are now these (an empty list: none). */
    synchronized void put(UUID order, List<Zone> orderZones) {
        zones.put(order, List.copyOf(orderZones));
        changed.add(order);
        stale = true;
    }

    /** The order is no longer supervised. */
    synchronized void remove(UUID order) {
        if (zones.remove(order) != null) {
            changed.add(order);
            stale = true;
        }
    }

    synchronized boolean contains(UUID order) {
        return zones.containsKey(order);
    }

    /** Brings the trees up to date with the changes recorded so far. */
    void refresh() {
        current();
    }

    private Snapshot current() {
        if (!stale) {
            return snapshot;
        }
        synchronized (this) {
            if (stale) {
                if (changed.size() > Math.max(REBUILD_AFTER, zones.size() / 8)) {
                    changed.clear();
                    rebuilds++;
                    snapshot = new Snapshot(new ZoneIndex<>(entries(zones.keySet()), margin), Set.of(),
                            new ZoneIndex<>(List.of(), margin));
                } else {
                    snapshot = new Snapshot(snapshot.base(), Set.copyOf(changed),
                            new ZoneIndex<>(entries(changed), margin));
                }
                stale = false;
            }
            return snapshot;
        }
    }

    private List<ZoneIndex.Entry<UUID>> entries(Set<UUID> orders) {
        List<ZoneIndex.Entry<UUID>> out = new ArrayList<>();
        for (UUID o : orders) {
            List<Zone> zs = zones.get(o);
            if (zs != null) {
                for (Zone z : zs) {
                    out.add(new ZoneIndex.Entry<>(o, z));
                }
            }
        }
        return out;
    }

    /** The zones whose edge is at most {@code metres} from the point or that contain it, nearest (deepest) first. */
    List<ZoneIndex.Hit<UUID>> near(double lat, double lon, double metres) {
        Snapshot s = current();
        List<ZoneIndex.Hit<UUID>> hits = new ArrayList<>(s.recent().near(lat, lon, metres));
        for (ZoneIndex.Hit<UUID> h : s.base().near(lat, lon, metres)) {
            if (!s.changed().contains(h.owner())) {
                hits.add(h);
            }
        }
        hits.sort((a, b) -> Double.compare(a.distance(), b.distance()));
        return hits;
    }

    /** Zones of the supervised orders. */
    synchronized int size() {
        int n = 0;
        for (List<Zone> zs : zones.values()) {
            n += zs.size();
        }
        return n;
    }

    /** How many times everything was rebuilt into one tree. */
    synchronized int rebuilds() {
        return rebuilds;
    }
}
