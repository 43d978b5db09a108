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

    // the evidence (ZoneEvidence)
    /** The breach is certain; cleared by a confirmed return. */
    boolean confirmed;
    /** The interpolated crossing out of the current run beyond, or NONE. */
    long runStart = NONE;
    /** The run's first and latest violating fixes (beyond by more than their accuracy plus the margin). */
    long firstViolating = NONE;
    long lastViolating = NONE;
    short violatingFixes;
    /** GPS fixes of the run, violating or not. */
    short gpsFixes;
    /** Fixes back on the allowed side since a return began ({@link #backStart}). */
    short backFixes;
    /** Fixes of the current cluster: mutually close violating fixes, from its first at clusterLat/clusterLon. */
    short clusterFixes;
    /** Fixes of the cluster each more than 150 m beyond by their accuracy. */
    short clusterDeepFixes;
    /** Imprecise fixes beyond in a row during a return (two cancel it). */
    byte backVetoes;
    /** The person travelled out along a coherent path. */
    boolean pathOut;
    double clusterLat;
    double clusterLon;
    float clusterAccuracy;
    long clusterStart = NONE;
    // the cluster displaced by the latest one: a multipath burst at the destination must not restart the count
    double heldLat;
    double heldLon;
    float heldAccuracy;
    long heldStart = NONE;
    short heldFixes;
    short heldDeepFixes;
    /** First fix of the run beyond the reach of multipath. */
    long firstFarBeyond = NONE;
    /** The return under way came along a coherent path: imprecise fixes beyond do not cancel it. */
    boolean backAlongPath;
    /** The latest fix beyond lay within its accuracy of the boundary: it does not show the person still out. */
    boolean unclear;
    long backStart = NONE;
    /** The interpolated crossing back of the return under way. */
    long endEstimate = NONE;
    // the alarm (ZoneAlarmPolicy)
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
        firstViolating = NONE;
        lastViolating = NONE;
        violatingFixes = 0;
        gpsFixes = 0;
        backFixes = 0;
        backStart = NONE;
        clusterFixes = 0;
        heldFixes = 0;
        firstFarBeyond = NONE;
        backAlongPath = false;
        pathOut = false;
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
