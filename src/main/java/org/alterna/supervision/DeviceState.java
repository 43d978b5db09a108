package org.alterna.supervision;

import java.util.Arrays;

/**
 * What the engine remembers about one supervised device between inputs: a few dozen numbers and one small record per
 * zone — no history (a few hundred bytes). Owned by the caller; {@link SupervisionEngine} updates it in place
 * (a deterministic transition); {@link #copy()} takes a checkpoint.
 */
public final class DeviceState {
    static final long NONE = Long.MIN_VALUE;

    Object planKey;
    Track[] tracks = new Track[0];

    long lastFixTime = NONE;
    long lastReceived = NONE;
    // last trusted GPS position
    boolean hasTrusted;
    double tLat;
    double tLon;
    float tAcc;
    long tTime = NONE;
    byte rejects;
    // motion coherence
    float lastSpeed;
    float lastHeading;
    byte coherentRun;
    // victim unit
    double vLat;
    double vLon;
    float vAcc;
    long vTime = NONE;
    // rules without geometry: start of the open alarm per type (NONE: closed)
    final long[] openStart = new long[AlarmType.values().length];
    long lastValidFix = NONE;
    byte lowCount;
    byte critCount;
    long pendingLow = NONE;
    long pendingCrit = NONE;
    long notChargingSince = NONE;

    public DeviceState() {
        Arrays.fill(openStart, NONE);
    }

    /** A deep copy, e.g. a checkpoint to re-evaluate late fixes from. */
    public DeviceState copy() {
        DeviceState c = new DeviceState();
        c.planKey = planKey;
        c.tracks = new Track[tracks.length];
        for (int i = 0; i < tracks.length; i++) {
            c.tracks[i] = tracks[i].clone();
        }
        c.lastFixTime = lastFixTime;
        c.lastReceived = lastReceived;
        c.hasTrusted = hasTrusted;
        c.tLat = tLat;
        c.tLon = tLon;
        c.tAcc = tAcc;
        c.tTime = tTime;
        c.rejects = rejects;
        c.lastSpeed = lastSpeed;
        c.lastHeading = lastHeading;
        c.coherentRun = coherentRun;
        c.vLat = vLat;
        c.vLon = vLon;
        c.vAcc = vAcc;
        c.vTime = vTime;
        System.arraycopy(openStart, 0, c.openStart, 0, openStart.length);
        c.lastValidFix = lastValidFix;
        c.lowCount = lowCount;
        c.critCount = critCount;
        c.pendingLow = pendingLow;
        c.pendingCrit = pendingCrit;
        c.notChargingSince = notChargingSince;
        return c;
    }

    /** Device time of the latest fix evaluated, or null. */
    public java.time.Instant lastFixTime() {
        return lastFixTime == NONE ? null : java.time.Instant.ofEpochMilli(lastFixTime);
    }
}
