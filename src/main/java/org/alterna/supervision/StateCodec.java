package org.alterna.supervision;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.alterna.telemetry.Fix;

/**
 * Binary form of the engine's state for checkpoints: a {@link DeviceState} (with its {@link Track}s) written field by
 * field. The fields are found by reflection, so a field added to either class is saved without anyone remembering to
 * add it here; the list of field names and types is hashed into {@link #SCHEMA}, and a checkpoint written by a build
 * with other fields is refused on reading rather than misread. A field renamed since checkpoints were first stored is
 * written under its former name ({@link #CHECKPOINT_NAMES}) and a field removed since is written as zero and skipped
 * on reading ({@link #RETIRED}): the format, and {@link #SCHEMA}, stay those of the checkpoints already stored, which
 * are read back exactly. The plan a state was last evaluated under ({@code planKey}) is written as a number the caller
 * gives it ({@code planRef}) and turned back into that plan by the caller on reading. The alarm changes of the input
 * being evaluated ({@code transient}) are not state.
 */
final class StateCodec {
    /** Fields renamed since checkpoints were first stored: their name in the checkpoint format. */
    static final Map<String, String> CHECKPOINT_NAMES = Map.ofEntries(
            // DeviceState
            Map.entry("trustedLat", "tLat"), Map.entry("trustedLon", "tLon"), Map.entry("trustedAccuracy", "tAcc"),
            Map.entry("trustedTime", "tTime"), Map.entry("trustedZoneAccuracy", "tObsAcc"),
            Map.entry("zoneAccuracy1", "obsAcc1"), Map.entry("zoneAccuracy2", "obsAcc2"),
            Map.entry("coherentRun1", "coherent1"), Map.entry("victimLat", "vLat"), Map.entry("victimLon", "vLon"),
            Map.entry("victimAccuracy", "vAcc"), Map.entry("victimTime", "vTime"),
            Map.entry("presenceReport", "presReport"), Map.entry("presenceNow", "presNow"),
            Map.entry("presenceHeard", "presHeard"), Map.entry("presenceLost", "presLost"),
            Map.entry("presenceWindowEnd", "presWindowEnd"), Map.entry("lowBatteryCount", "lowCount"),
            Map.entry("criticalBatteryCount", "critCount"), Map.entry("lowBatteryPending", "pendingLow"),
            Map.entry("criticalBatteryPending", "pendingCrit"),
            // Track
            Map.entry("violatingFixes", "nQual"), Map.entry("gpsFixes", "nGps"), Map.entry("backFixes", "nBack"),
            Map.entry("clusterFixes", "nCluster"), Map.entry("clusterDeepFixes", "nDeep"),
            Map.entry("backVetoes", "backVeto"), Map.entry("pathOut", "path"), Map.entry("clusterLat", "cLat"),
            Map.entry("clusterLon", "cLon"), Map.entry("clusterAccuracy", "cAcc"),
            Map.entry("clusterStart", "cStart"), Map.entry("heldLat", "hLat"), Map.entry("heldLon", "hLon"),
            Map.entry("heldAccuracy", "hAcc"), Map.entry("heldStart", "hStart"), Map.entry("heldFixes", "nHeld"),
            Map.entry("heldDeepFixes", "nHeldDeep"), Map.entry("firstViolating", "firstQual"),
            Map.entry("lastViolating", "lastQual"), Map.entry("firstFarBeyond", "firstFar"),
            Map.entry("backAlongPath", "backPath"));
    /** Fields removed since checkpoints were first stored, per class: their name and type in the format. */
    static final Map<Class<?>, Map<String, Class<?>>> RETIRED = Map.of(
            Track.class, Map.of("nStrong", short.class)); // counted strong fixes, never read

    /** One value of the format: a field, or a retired one ({@code field} null). */
    private record Slot(String name, Class<?> type, Field field) {
    }

    private static final Slot[] STATE = slots(DeviceState.class);
    private static final Slot[] TRACK = slots(Track.class);
    /** Hash of both classes' field names and types: what a checkpoint must have been written with. */
    static final long SCHEMA = schema();

    private StateCodec() {
    }

    private static Slot[] slots(Class<?> c) {
        List<Slot> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                continue;
            }
            f.setAccessible(true);
            out.add(new Slot(CHECKPOINT_NAMES.getOrDefault(f.getName(), f.getName()), f.getType(), f));
        }
        RETIRED.getOrDefault(c, Map.of()).forEach((name, type) -> out.add(new Slot(name, type, null)));
        out.sort(Comparator.comparing(Slot::name));
        return out.toArray(Slot[]::new);
    }

    private static long schema() {
        StringBuilder sb = new StringBuilder();
        for (Slot f : STATE) {
            sb.append(f.name()).append(':').append(f.type().getName()).append(';');
        }
        sb.append('|');
        for (Slot f : TRACK) {
            sb.append(f.name()).append(':').append(f.type().getName()).append(';');
        }
        sb.append("|types:").append(Arrays.toString(AlarmType.values()));
        long h = 1125899906842597L;
        for (int i = 0; i < sb.length(); i++) {
            h = 31 * h + sb.charAt(i);
        }
        return h;
    }

    /** Writes {@code s}; {@code planRef} names its plan (any int; -1 for none). */
    static void write(DataOutput out, DeviceState s, ToIntFunction<SupervisionPlan> planRef) throws IOException {
        try {
            writeFields(out, s, STATE, planRef);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a state written by {@link #write}; {@code plan} turns the written number back into the plan. */
    static DeviceState read(DataInput in, IntFunction<SupervisionPlan> plan) throws IOException {
        DeviceState s = new DeviceState();
        try {
            readFields(in, s, STATE, plan);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    private static void writeFields(DataOutput out, Object o, Slot[] slots, ToIntFunction<SupervisionPlan> planRef)
            throws IOException, IllegalAccessException {
        for (Slot slot : slots) {
            Class<?> t = slot.type();
            if (slot.field() == null) {
                writeZero(out, t);
                continue;
            }
            Field f = slot.field();
            if (t == long.class) {
                out.writeLong(f.getLong(o));
            } else if (t == int.class) {
                out.writeInt(f.getInt(o));
            } else if (t == short.class) {
                out.writeShort(f.getShort(o));
            } else if (t == byte.class) {
                out.writeByte(f.getByte(o));
            } else if (t == boolean.class) {
                out.writeBoolean(f.getBoolean(o));
            } else if (t == double.class) {
                out.writeDouble(f.getDouble(o));
            } else if (t == float.class) {
                out.writeFloat(f.getFloat(o));
            } else if (t == long[].class) {
                long[] a = (long[]) f.get(o);
                out.writeInt(a == null ? -1 : a.length);
                for (int i = 0; a != null && i < a.length; i++) {
                    out.writeLong(a[i]);
                }
            } else if (t == double[].class) {
                double[] a = (double[]) f.get(o);
                out.writeInt(a == null ? -1 : a.length);
                for (int i = 0; a != null && i < a.length; i++) {
                    out.writeDouble(a[i]);
                }
            } else if (t == float[].class) {
                float[] a = (float[]) f.get(o);
                out.writeInt(a == null ? -1 : a.length);
                for (int i = 0; a != null && i < a.length; i++) {
                    out.writeFloat(a[i]);
                }
            } else if (t == byte[].class) {
                byte[] a = (byte[]) f.get(o);
                out.writeInt(a == null ? -1 : a.length);
                if (a != null) {
                    out.write(a);
                }
            } else if (t == boolean[].class) {
                boolean[] a = (boolean[]) f.get(o);
                out.writeInt(a == null ? -1 : a.length);
                for (int i = 0; a != null && i < a.length; i++) {
                    out.writeBoolean(a[i]);
                }
            } else if (t == Track[].class) {
                Track[] a = (Track[]) f.get(o);
                out.writeInt(a == null ? -1 : a.length);
                for (int i = 0; a != null && i < a.length; i++) {
                    out.writeBoolean(a[i] != null);
                    if (a[i] != null) {
                        writeFields(out, a[i], TRACK, planRef);
                    }
                }
            } else if (t == SupervisionPlan.class) {
                SupervisionPlan p = (SupervisionPlan) f.get(o);
                out.writeInt(p == null ? -1 : planRef.applyAsInt(p));
            } else {
                throw new IllegalStateException("no checkpoint form for " + f + " of type " + t.getName());
            }
        }
    }

    private static void readFields(DataInput in, Object o, Slot[] slots, IntFunction<SupervisionPlan> plan)
            throws IOException, IllegalAccessException {
        for (Slot slot : slots) {
            Class<?> t = slot.type();
            if (slot.field() == null) {
                readZero(in, t);
                continue;
            }
            Field f = slot.field();
            if (t == long.class) {
                f.setLong(o, in.readLong());
            } else if (t == int.class) {
                f.setInt(o, in.readInt());
            } else if (t == short.class) {
                f.setShort(o, in.readShort());
            } else if (t == byte.class) {
                f.setByte(o, in.readByte());
            } else if (t == boolean.class) {
                f.setBoolean(o, in.readBoolean());
            } else if (t == double.class) {
                f.setDouble(o, in.readDouble());
            } else if (t == float.class) {
                f.setFloat(o, in.readFloat());
            } else if (t == long[].class) {
                int n = in.readInt();
                long[] a = n < 0 ? null : new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readLong();
                }
                set(f, o, a);
            } else if (t == double[].class) {
                int n = in.readInt();
                double[] a = n < 0 ? null : new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readDouble();
                }
                set(f, o, a);
            } else if (t == float[].class) {
                int n = in.readInt();
                float[] a = n < 0 ? null : new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readFloat();
                }
                set(f, o, a);
            } else if (t == byte[].class) {
                int n = in.readInt();
                byte[] a = n < 0 ? null : new byte[n];
                if (a != null) {
                    in.readFully(a);
                }
                set(f, o, a);
            } else if (t == boolean[].class) {
                int n = in.readInt();
                boolean[] a = n < 0 ? null : new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.readBoolean();
                }
                set(f, o, a);
            } else if (t == Track[].class) {
                int n = in.readInt();
                Track[] a = n < 0 ? null : new Track[n];
                for (int i = 0; i < n; i++) {
                    if (in.readBoolean()) {
                        a[i] = new Track();
                        readFields(in, a[i], TRACK, plan);
                    }
                }
                set(f, o, a);
            } else if (t == SupervisionPlan.class) {
                int ref = in.readInt();
                f.set(o, ref < 0 ? null : plan.apply(ref));
            } else {
                throw new IllegalStateException("no checkpoint form for " + f + " of type " + t.getName());
            }
        }
    }

    /** A retired field's value: zero of its (primitive) type. */
    private static void writeZero(DataOutput out, Class<?> t) throws IOException {
        if (t == short.class) {
            out.writeShort(0);
        } else {
            throw new IllegalStateException("no checkpoint form for a retired " + t.getName());
        }
    }

    private static void readZero(DataInput in, Class<?> t) throws IOException {
        if (t == short.class) {
            in.readShort();
        } else {
            throw new IllegalStateException("no checkpoint form for a retired " + t.getName());
        }
    }

    /** A final array field (such as the open alarms' starts) is filled in place; others are replaced. */
    private static void set(Field f, Object o, Object array) throws IllegalAccessException {
        if (Modifier.isFinal(f.getModifiers())) {
            Object existing = f.get(o);
            int n = Math.min(java.lang.reflect.Array.getLength(existing), java.lang.reflect.Array.getLength(array));
            System.arraycopy(array, 0, existing, 0, n);
        } else {
            f.set(o, array);
        }
    }

    // ---------------------------------------------------------------------------------------- inputs and outputs

    /** What the rules read of a fix (not its raw IO values, speed, course, satellites or altitude). */
    static void writeFix(DataOutput out, Fix f) throws IOException {
        writeString(out, f.deviceId());
        writeInstant(out, f.deviceTime());
        writeInstant(out, f.serverTime());
        out.writeDouble(f.latitude());
        out.writeDouble(f.longitude());
        out.writeDouble(f.accuracyMeters() == null ? Double.NaN : f.accuracyMeters());
        out.writeBoolean(f.valid());
        out.writeByte(f.source() == null ? -1 : f.source().ordinal());
        out.writeInt(f.batteryPercent() == null ? Integer.MIN_VALUE : f.batteryPercent());
        out.writeByte(bool(f.externalPower()));
        out.writeByte(bool(f.charging()));
        out.writeByte(f.strap() == null ? -1 : f.strap().ordinal());
        int alarms = 0;
        for (Fix.DeviceAlarm a : f.alarms()) {
            alarms |= 1 << a.ordinal();
        }
        out.writeInt(alarms);
    }

    static Fix readFix(DataInput in) throws IOException {
        String device = readString(in);
        Instant time = readInstant(in);
        Instant server = readInstant(in);
        double lat = in.readDouble();
        double lon = in.readDouble();
        double acc = in.readDouble();
        boolean valid = in.readBoolean();
        int source = in.readByte();
        int battery = in.readInt();
        Boolean power = bool(in.readByte());
        Boolean charging = bool(in.readByte());
        int strap = in.readByte();
        int alarms = in.readInt();
        Set<Fix.DeviceAlarm> set = EnumSet.noneOf(Fix.DeviceAlarm.class);
        for (Fix.DeviceAlarm a : Fix.DeviceAlarm.values()) {
            if ((alarms & (1 << a.ordinal())) != 0) {
                set.add(a);
            }
        }
        return new Fix(device, time, server, lat, lon, null, null, null, null, null, Double.isNaN(acc) ? null : acc,
                valid, source < 0 ? null : Fix.PositionSource.values()[source],
                battery == Integer.MIN_VALUE ? null : battery, power, charging,
                strap < 0 ? null : Fix.StrapState.values()[strap], set, Map.of());
    }

    /** An alarm change without its evidence (kept only to tell what was reported before). */
    static void writeEvent(DataOutput out, AlarmEvent e) throws IOException {
        out.writeByte(e.kind().ordinal());
        out.writeUTF(e.alarmId());
        writeString(out, e.deviceId());
        out.writeUTF(e.type().name());
        writeString(out, e.zone());
        writeInstant(out, e.start());
        writeInstant(out, e.end());
        writeInstant(out, e.raisedAt());
        out.writeBoolean(e.late());
    }

    static AlarmEvent readEvent(DataInput in) throws IOException {
        AlarmEvent.Kind kind = AlarmEvent.Kind.values()[in.readByte()];
        String id = in.readUTF();
        String device = readString(in);
        AlarmType type = AlarmType.valueOf(in.readUTF());
        String zone = readString(in);
        Instant start = readInstant(in);
        Instant end = readInstant(in);
        Instant raised = readInstant(in);
        boolean late = in.readBoolean();
        return new AlarmEvent(kind, id, device, type, zone, start, end, raised, late, List.of());
    }

    private static final Map<Integer, Boolean> BOOLS = new HashMap<>(Map.of(0, false, 1, true));

    private static int bool(Boolean b) {
        return b == null ? -1 : b ? 1 : 0;
    }

    private static Boolean bool(int b) {
        return BOOLS.get(b);
    }

    static void writeInstant(DataOutput out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    static Instant readInstant(DataInput in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    static void writeString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
