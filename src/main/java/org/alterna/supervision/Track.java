package org.alterna.supervision;

/** Per-zone (or route, or victim) state: a few numbers, no history. Times are epoch milliseconds. */
final class Track implements Cloneable {
    static final long NONE = Long.MIN_VALUE;

    final String key;
    // geometric state
    boolean confirmed;
    long runStart = NONE;
    long firstQual = NONE;
    long lastQual = NONE;
    long lastBeyond = NONE;
    float lastBeyondDepth;
    long lastCompliant = NONE;
    float lastCompliantDepth;
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
    /** Consecutive fixes each deeper than the one before: the person is heading out. */
    byte outSteps;
    /** The latest fix beyond lay within its accuracy of the boundary: it does not show the person still out. */
    boolean unclear;
    /** Time of the last compliant fix reached along a coherent path heading out. */
    long approach = NONE;
    long backStart = NONE;
    long endEstimate = NONE;
    // alarm layer
    boolean open;
    boolean openLate;
    long alarmStart = NONE;
    long windowEnd = Long.MAX_VALUE;
    // evidence: up to three fixes of the current run, packed (time, lat, lon, accuracy)
    double[] evidence;
    byte evidenceCount;

    Track(String key) {
        this.key = key;
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
            evidence = new double[12];
        }
        int slot = evidenceCount < 3 ? evidenceCount++ : 2; // keep the first two, overwrite the latest
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
