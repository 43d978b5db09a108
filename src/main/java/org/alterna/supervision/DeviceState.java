package org.alterna.supervision;

import java.util.Arrays;

/**
 * What the engine remembers about one supervised device between inputs: a few dozen numbers and a few per zone — no
 * history (a few hundred bytes, and ~30 per zone). Owned by the caller; {@link SupervisionEngine} updates it in place
 * (a deterministic transition); {@link #copy()} takes a checkpoint.
 */
public final class DeviceState {
    static final long NONE = Long.MIN_VALUE;

    SupervisionPlan planKey;
    /**
     * Per track (the plan's zones, then its routes, then the victim rules): the run state, null while the track is idle
     * (most of a protection order's zones are far from the person: ~200 bytes each saved; see
     * {@link ZoneEvidence.Thresholds#keepMs}).
     */
    Track[] tracks = new Track[0];
    // per track, idle or not: its last compliant fix and last fix beyond (time, depth), the consecutive fixes each
    // deeper than the one before (heading out), and whether the last compliant fix was reached along a coherent path
    // heading out (the approach: always that fix, so a flag)
    long[] lastCompliant = new long[0];
    float[] compliantDepth = new float[0];
    long[] lastBeyond = new long[0];
    float[] beyondDepth = new float[0];
    byte[] outSteps = new byte[0];
    boolean[] approach = new boolean[0];
    /**
     * Zone tracks (bit i: tracks[i]) skipped as far outside their exclusion zone since the last observed fix: idle,
     * and their last compliant fix is that one (trustedTime, at trustedLat/trustedLon), its depth computed when next
     * needed.
     */
    long far;
    long[] farMore; // tracks 64 and up, when a plan has that many

    long lastFixTime = NONE;
    long lastReceived = NONE;
    // last trusted GPS position (MotionGate)
    boolean hasTrusted;
    double trustedLat;
    double trustedLon;
    float trustedAccuracy;
    long trustedTime = NONE;
    /** The zone rules' accuracy of the last trusted fix (metres, at least 8). */
    double trustedZoneAccuracy;
    // the three trusted fixes before it, newest first: where zones skipped meanwhile were last measured from
    double lat1;
    double lon1;
    double lat2;
    double lon2;
    double lat3;
    double lon3;
    long time1 = NONE;
    long time2 = NONE;
    long time3 = NONE;
    double zoneAccuracy1;
    double zoneAccuracy2;
    byte coherentRun1;
    /** The last trusted fix before the plan in force applied (tracks new in it observe the fixes after it). */
    long planFrom = NONE;
    /** Fixes the speed gate rejected in a row. */
    byte rejects;
    // motion coherence: the last step's speed (m/s) and heading (radians), the run of matching steps (-1: stopped)
    float lastSpeed;
    float lastHeading;
    byte coherentRun;
    // the victim unit's last GPS fix (VictimProximityRule)
    double victimLat;
    double victimLon;
    float victimAccuracy;
    long victimTime = NONE;
    // rules without geometry (AlarmChanges): start of the open alarm per type (NONE: closed), which are open (bit:
    // ordinal); the last valid GPS fix (SilenceRule); each battery level's confirmation count and pending reading
    // (BatteryRule); since when the tag is off the charger in the window (ChargingRule)
    final long[] openStart = new long[AlarmType.values().length];
    int open;
    long lastValidFix = NONE;
    byte lowBatteryCount;
    byte criticalBatteryCount;
    long lowBatteryPending = NONE;
    long criticalBatteryPending = NONE;
    long notChargingSince = NONE;
    /** Start of the open PANIC of the victim's unit (its own panic button), or NONE ({@link DeviceAlarmRules}). */
    long victimPanicStart = NONE;
    // home presence (HomePresenceRule; the plan's beacon or RF home unit): the last report of it, what it said, the
    // last time the tag and the home heard each other, since when they have not, the home unit's power and place, and a
    // beacon carried along
    /** The last report on presence: a tag fix (beacon) or a home unit's report. */
    long presenceReport = NONE;
    /** Whether that report said the tag and the home heard each other (and the home is where it was installed). */
    boolean presenceNow;
    /** The last time they heard each other. */
    long presenceHeard = NONE;
    /** Since when they have not (the last time heard for a beacon, the first report without the tag for a unit). */
    long presenceLost = NONE;
    /** The home unit's last report (it reports every 5 minutes: a silent unit is no evidence of presence). */
    long unitReport = NONE;
    /** Since when the home unit is off mains, or NONE. */
    long unitOffMains = NONE;
    /** The home unit reported a position more than 100 m from where it was installed. */
    boolean unitMoved;
    /** Precise GPS fixes far outside the home in a row while the tag hears the beacon: how many, since when. */
    byte carriedFixes;
    long carriedSince = NONE;
    /** The beacon is taken as carried along (GPS kept showing the person far away while hearing it). */
    boolean beaconCarried;
    /** When the open HOME_PRESENCE_LOST ends with the curfew, or NONE. */
    long presenceWindowEnd = NONE;
    /** Per input, not state: the fix being evaluated is a GPS position the motion gate trusted. */
    transient boolean fixTrusted;
    /** Per input, not state: the home zone's track, its depth while the tag is home, the home just lost. */
    transient int homeTrack = -1;
    transient double homeDepth = Double.NaN;
    transient boolean homeLost;
    /** Alarm changes of the input being evaluated (not state: handed back and cleared at the end of each input). */
    transient java.util.List<AlarmEvent> events;

    public DeviceState() {
        Arrays.fill(openStart, NONE);
    }

    /** A deep copy, e.g. a checkpoint to re-evaluate late fixes from. */
    public DeviceState copy() {
        DeviceState c = new DeviceState();
        c.planKey = planKey;
        c.far = far;
        c.farMore = farMore == null ? null : farMore.clone();
        c.tracks = new Track[tracks.length];
        for (int i = 0; i < tracks.length; i++) {
            c.tracks[i] = tracks[i] == null ? null : tracks[i].clone();
        }
        c.lastCompliant = lastCompliant.clone();
        c.compliantDepth = compliantDepth.clone();
        c.lastBeyond = lastBeyond.clone();
        c.beyondDepth = beyondDepth.clone();
        c.outSteps = outSteps.clone();
        c.approach = approach.clone();
        c.lastFixTime = lastFixTime;
        c.lastReceived = lastReceived;
        c.hasTrusted = hasTrusted;
        c.trustedLat = trustedLat;
        c.trustedLon = trustedLon;
        c.trustedAccuracy = trustedAccuracy;
        c.trustedTime = trustedTime;
        c.trustedZoneAccuracy = trustedZoneAccuracy;
        c.lat1 = lat1;
        c.lon1 = lon1;
        c.lat2 = lat2;
        c.lon2 = lon2;
        c.lat3 = lat3;
        c.lon3 = lon3;
        c.time1 = time1;
        c.time2 = time2;
        c.time3 = time3;
        c.zoneAccuracy1 = zoneAccuracy1;
        c.zoneAccuracy2 = zoneAccuracy2;
        c.coherentRun1 = coherentRun1;
        c.planFrom = planFrom;
        c.rejects = rejects;
        c.lastSpeed = lastSpeed;
        c.lastHeading = lastHeading;
        c.coherentRun = coherentRun;
        c.victimLat = victimLat;
        c.victimLon = victimLon;
        c.victimAccuracy = victimAccuracy;
        c.victimTime = victimTime;
        System.arraycopy(openStart, 0, c.openStart, 0, openStart.length);
        c.open = open;
        c.lastValidFix = lastValidFix;
        c.lowBatteryCount = lowBatteryCount;
        c.criticalBatteryCount = criticalBatteryCount;
        c.lowBatteryPending = lowBatteryPending;
        c.criticalBatteryPending = criticalBatteryPending;
        c.notChargingSince = notChargingSince;
        c.victimPanicStart = victimPanicStart;
        c.presenceReport = presenceReport;
        c.presenceNow = presenceNow;
        c.presenceHeard = presenceHeard;
        c.presenceLost = presenceLost;
        c.unitReport = unitReport;
        c.unitOffMains = unitOffMains;
        c.unitMoved = unitMoved;
        c.carriedFixes = carriedFixes;
        c.carriedSince = carriedSince;
        c.beaconCarried = beaconCarried;
        c.presenceWindowEnd = presenceWindowEnd;
        return c;
    }

    /** Re-lays the tracks for a new plan: track i continues the old track {@code from[i]}, or starts afresh (-1). */
    void retrack(int[] from) {
        int n = from.length;
        Track[] t = new Track[n];
        long[] lc = new long[n];
        float[] cd = new float[n];
        long[] lb = new long[n];
        float[] bd = new float[n];
        byte[] os = new byte[n];
        boolean[] ap = new boolean[n];
        for (int i = 0; i < n; i++) {
            int j = from[i];
            if (j < 0) {
                lc[i] = NONE;
                lb[i] = NONE;
            } else {
                t[i] = tracks[j];
                lc[i] = lastCompliant[j];
                cd[i] = compliantDepth[j];
                lb[i] = lastBeyond[j];
                bd[i] = beyondDepth[j];
                os[i] = outSteps[j];
                ap[i] = approach[j];
            }
        }
        tracks = t;
        lastCompliant = lc;
        compliantDepth = cd;
        lastBeyond = lb;
        beyondDepth = bd;
        outSteps = os;
        approach = ap;
    }

    /** Track i's approach: the time of its last compliant fix if reached along a coherent path heading out, or NONE. */
    long approachTime(int i) {
        return approach[i] ? lastCompliant[i] : NONE;
    }

    boolean confirmed(int i) {
        return tracks[i] != null && tracks[i].confirmed;
    }

    /**
     * Shifts the trusted-fix history as a new trusted fix is accepted ({@code zoneAccuracy}: its accuracy as the zone
     * rules use it); called before the last position and the motion-coherence run are overwritten by the new fix's.
     */
    void remember(double zoneAccuracy) {
        lat3 = lat2;
        lon3 = lon2;
        time3 = time2;
        lat2 = lat1;
        lon2 = lon1;
        time2 = time1;
        zoneAccuracy2 = zoneAccuracy1;
        lat1 = trustedLat;
        lon1 = trustedLon;
        time1 = trustedTime;
        zoneAccuracy1 = trustedZoneAccuracy;
        coherentRun1 = coherentRun;
        trustedZoneAccuracy = zoneAccuracy;
    }

    /** Trusted fix j of the history: 0 the last, 1..3 the ones before. */
    long histTime(int j) {
        return switch (j) {
            case 0 -> trustedTime;
            case 1 -> time1;
            case 2 -> time2;
            default -> time3;
        };
    }

    double histLat(int j) {
        return switch (j) {
            case 0 -> trustedLat;
            case 1 -> lat1;
            case 2 -> lat2;
            default -> lat3;
        };
    }

    double histLon(int j) {
        return switch (j) {
            case 0 -> trustedLon;
            case 1 -> lon1;
            case 2 -> lon2;
            default -> lon3;
        };
    }

    /** The zone rules' accuracy of history fix j (0..2). */
    double histAcc(int j) {
        return switch (j) {
            case 0 -> trustedZoneAccuracy;
            case 1 -> zoneAccuracy1;
            default -> zoneAccuracy2;
        };
    }

    /** The motion-coherence run at history fix j (0..1). */
    int histCoherent(int j) {
        return j == 0 ? coherentRun : coherentRun1;
    }

    boolean isOpen(int ordinal) {
        return (open & (1 << ordinal)) != 0;
    }

    void opened(int ordinal, long start) {
        openStart[ordinal] = start;
        open |= 1 << ordinal;
    }

    void closed(int ordinal) {
        openStart[ordinal] = NONE;
        open &= ~(1 << ordinal);
    }

    boolean isFar(int track) {
        if (track < 64) {
            return (far & (1L << track)) != 0;
        }
        int w = (track >>> 6) - 1;
        return farMore != null && w < farMore.length && (farMore[w] & (1L << track)) != 0;
    }

    void setFar(int track) {
        if (track < 64) {
            far |= 1L << track;
            return;
        }
        int w = (track >>> 6) - 1;
        if (farMore == null || farMore.length <= w) {
            farMore = farMore == null ? new long[w + 1] : Arrays.copyOf(farMore, w + 1);
        }
        farMore[w] |= 1L << track;
    }

    void clearFar(int track) {
        if (track < 64) {
            far &= ~(1L << track);
        } else if (farMore != null && (track >>> 6) - 1 < farMore.length) {
            farMore[(track >>> 6) - 1] &= ~(1L << track);
        }
    }

    /** Far bits of tracks 64w to 64w + 63. */
    long farWord(int w) {
        if (w == 0) {
            return far;
        }
        return farMore != null && w - 1 < farMore.length ? farMore[w - 1] : 0;
    }

    boolean anyFar() {
        if (far != 0) {
            return true;
        }
        if (farMore != null) {
            for (long w : farMore) {
                if (w != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    void clearAllFar() {
        far = 0;
        farMore = null;
    }

    /** The alarm changes collected for the current input, clearing them. */
    java.util.List<AlarmEvent> drain() {
        java.util.List<AlarmEvent> e = events;
        if (e == null) {
            return java.util.List.of();
        }
        events = null;
        return e;
    }

    /** Device time of the latest fix evaluated, or null. */
    public java.time.Instant lastFixTime() {
        return lastFixTime == NONE ? null : java.time.Instant.ofEpochMilli(lastFixTime);
    }
}
