package org.alterna.supervision;

/**
 * The run state of a zone (or route, or victim) track while the person is beyond its boundary, confirmed, or its alarm
 * open: a few numbers, no history. Times are epoch milliseconds. An idle track soon has none ({@code null} in
 * {@link DeviceState#tracks}): what it needs at the next fix (its last compliant and last beyond fixes, the steps
 * heading out, the approach) is kept for every track in {@link DeviceState}'s arrays. Every field an idle track keeps
 * here is either reset or rewritten before it is read again, so a new one equals it.
 */
final class Track implements Cloneable {
    static final long NONE = Long.MIN_VALUE;
    /** Fixes kept as an alarm's evidence: the first two of the run and the latest. */
    static final int EVIDENCE_FIXES = 3;

    // geometric state
    boolean confirmed;
    long runStart = NONE;
    long firstQual = NONE;
    long lastQual = NONE;
    short nQual;
    short nStrong;
    short nGps;
    short nBack;
    short nCluster;
    /** Fixes of the cluster each more than 150 m beyond by their accuracy. */
    short nDeep;
    byte backVeto;
    boolean path;
    double cLat;
    double cLon;
    float cAcc;
    long cStart = NONE;
    // the cluster displaced by the latest one: a multipath burst at the destination must not restart the count
    double hLat;
    double hLon;
    float hAcc;
    long hStart = NONE;
    short nHeld;
    short nHeldDeep;
    /** First fix of the run beyond the reach of multipath. */
    long firstFar = NONE;
    /** The return under way came along a coherent path: imprecise fixes beyond do not cancel it. */
    boolean backPath;
    /** The latest fix beyond lay within its accuracy of the boundary: it does not show the person still out. */
    boolean unclear;
    long backStart = NONE;
    long endEstimate = NONE;
    // alarm layer
    boolean open;
    long alarmStart = NONE;
    long windowEnd = Long.MAX_VALUE;
    // evidence: up to three fixes of the current run, packed (time, lat, lon, accuracy)
    double[] evidence;
    byte evidenceCount;

    /** Nothing beyond the boundary to wait for and no alarm open: the track needs no run state. */
    boolean idle() {
        return !confirmed && !open && runStart == NONE;
    }

    void resetCandidate() {
        runStart = NONE;
        firstQual = NONE;
        lastQual = NONE;
        nQual = 0;
        nStrong = 0;
        nGps = 0;
        nBack = 0;
        backStart = NONE;
        nCluster = 0;
        nHeld = 0;
        firstFar = NONE;
        backPath = false;
        path = false;
        if (!open) {
            evidence = null;
            evidenceCount = 0;
        }
    }

    void addEvidence(long t, double lat, double lon, double acc) {
        if (evidence == null) {
            evidence = new double[EVIDENCE_FIXES * 4];
        }
        int slot = evidenceCount < EVIDENCE_FIXES ? evidenceCount++ : EVIDENCE_FIXES - 1; // the latest overwritten
        evidence[slot * 4] = t;
        evidence[slot * 4 + 1] = lat;
        evidence[slot * 4 + 2] = lon;
        evidence[slot * 4 + 3] = acc;
    }

    @Override
    public Track clone() {
        try {
            Track t = (Track) super.clone();
            t.evidence = evidence == null ? null : evidence.clone();
            return t;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
