package org.alterna.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;

/**
 * The live wrapper of one device's supervision: fixes arrive in any order (buffered uploads, retries), yet are
 * evaluated in device-time order. In-order fixes are evaluated at once. A fix older than the newest evaluated one but
 * within the reorder window ({@code window} of device time, at most {@code maxBuffered} fixes) is inserted where it
 * belongs and the window is re-evaluated from a checkpoint of the {@link DeviceState}; the resulting alarm changes
 * that were not already reported are returned marked {@code late}, and an alarm reported earlier that the re-evaluation
 * no longer supports is withdrawn ({@link AlarmEvent.Kind#RETRACTED}, late). Fixes older than the window can no longer change
 * sequence-based rules and only count for communication. NO_COMMUNICATION is judged in arrival order.
 *
 * <p>Not thread-safe: one instance per device, driven by one thread (or the device's partition).
 */
public final class DeviceSupervisor {
    private final SupervisionEngine engine;
    private PlanTimeline plans;
    private final long windowMs;
    private final int maxBuffered;

    private DeviceState checkpoint = new DeviceState();
    private long checkpointTime = Long.MIN_VALUE;
    private DeviceState live = new DeviceState();
    private DeviceState comms = new DeviceState();
    /** Whether the last {@link #tick} changed any state (it raised or cleared something, or laid out a new plan). */
    private boolean tickChanged;
    /** Inputs after the checkpoint, in device-time order (arrival order among equal times). */
    private final List<Entry> buffer = new ArrayList<>();

    private static final class Entry {
        final Fix fix;
        final boolean victim;
        List<AlarmEvent> events = List.of();

        Entry(Fix fix, boolean victim) {
            this.fix = fix;
            this.victim = victim;
        }

        long time() {
            return fix.deviceTime().toEpochMilli();
        }
    }

    public DeviceSupervisor(SupervisionEngine engine, PlanTimeline plans, Duration window, int maxBuffered) {
        this.engine = engine;
        this.plans = plans;
        this.windowMs = window.toMillis();
        this.maxBuffered = Math.max(1, maxBuffered);
    }

    /** A supervisor with a 10-minute, 64-fix reorder window. */
    public DeviceSupervisor(SupervisionEngine engine, PlanTimeline plans) {
        this(engine, plans, Duration.ofMinutes(10), 64);
    }

    /** New conditions for the order (e.g. a judge changed the curfew). */
    public void plans(PlanTimeline plans) {
        this.plans = plans;
    }

    /** The order's conditions over time. */
    public PlanTimeline plans() {
        return plans;
    }

    /** The current state after every fix received so far (read-only use). */
    public DeviceState state() {
        return live;
    }

    /** A fix of the supervised person's unit, in arrival order. */
    public List<AlarmEvent> onFix(Fix f) {
        List<AlarmEvent> out = new ArrayList<>();
        Instant received = f.serverTime() == null ? f.deviceTime() : f.serverTime();
        out.addAll(engine.onReceived(comms, f.deviceId(), received, plans.planAt(received)));
        out.addAll(insert(new Entry(f, false)));
        return out;
    }

    /** A fix of the victim's unit, in arrival order. */
    public List<AlarmEvent> onVictimFix(Fix v) {
        return insert(new Entry(v, true));
    }

    /** A clock tick (every 15-60 s): silence and schedule ends. */
    public List<AlarmEvent> tick(Instant now) {
        SupervisionPlan commsPlan = comms.planKey;
        SupervisionPlan livePlan = live.planKey;
        List<AlarmEvent> out = new ArrayList<>(engine.tick(comms, now, plans));
        out.addAll(engine.tick(live, now, plans));
        tickChanged = !out.isEmpty() || comms.planKey != commsPlan || live.planKey != livePlan;
        return out;
    }

    /** Whether the last tick changed the state (a tick that changes nothing need not be replayed). */
    boolean tickChanged() {
        return tickChanged;
    }

    private List<AlarmEvent> insert(Entry e) {
        long t = e.time();
        if (t < checkpointTime) {
            return List.of(); // beyond the reorder window
        }
        int idx = buffer.size();
        while (idx > 0 && buffer.get(idx - 1).time() > t) {
            idx--;
        }
        buffer.add(idx, e);
        List<AlarmEvent> out;
        if (idx == buffer.size() - 1) {
            e.events = evaluate(live, e);
            out = e.events;
        } else {
            out = reevaluate();
        }
        advance();
        return out;
    }

    /** Re-runs the window from the checkpoint; returns the alarm changes not reported before, marked late. */
    private List<AlarmEvent> reevaluate() {
        Map<String, AlarmEvent> before = new LinkedHashMap<>();
        for (Entry b : buffer) {
            for (AlarmEvent ev : b.events) {
                before.put(key(ev), ev);
            }
        }
        DeviceState s = checkpoint.copy();
        List<AlarmEvent> out = new ArrayList<>();
        Set<String> raisedNow = new HashSet<>();
        for (Entry b : buffer) {
            b.events = evaluate(s, b);
            for (AlarmEvent ev : b.events) {
                String k = key(ev);
                if (ev.kind() == AlarmEvent.Kind.RAISED) {
                    raisedNow.add(ev.alarmId());
                }
                if (!before.containsKey(k)) {
                    out.add(late(ev));
                }
            }
        }
        for (AlarmEvent ev : before.values()) {
            if (ev.kind() == AlarmEvent.Kind.RAISED && !raisedNow.contains(ev.alarmId())) {
                // reported before, not supported any more
                out.add(new AlarmEvent(AlarmEvent.Kind.RETRACTED, ev.alarmId(), ev.deviceId(), ev.type(), ev.zone(),
                        ev.start(), null, null, true, List.of()));
            }
        }
        live = s;
        return out;
    }

    private static String key(AlarmEvent ev) {
        return ev.kind() + "|" + ev.alarmId();
    }

    private static AlarmEvent late(AlarmEvent ev) {
        return ev.late() ? ev : new AlarmEvent(ev.kind(), ev.alarmId(), ev.deviceId(), ev.type(), ev.zone(), ev.start(),
                ev.end(), ev.raisedAt(), true, ev.evidence());
    }

    private List<AlarmEvent> evaluate(DeviceState s, Entry e) {
        SupervisionPlan plan = plans.planAt(e.fix.deviceTime());
        if (e.victim) {
            engine.onVictimFix(s, e.fix);
            return DeviceAlarmRules.onVictimFix(s, e.fix, plan);
        }
        List<AlarmEvent> out = engine.onFix(s, e.fix, plan, false);
        if (e.fix.deviceTime().toEpochMilli() == s.lastFixTime) { // evaluated in order: the device's own alarms too
            out = DeviceAlarmRules.onFix(s, e.fix, plan, out);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- checkpoints

    /**
     * Writes everything this supervisor remembers (its states, the reorder window with what each input in it
     * reported), {@code planRef} naming each state's plan; {@link #read} makes an identical supervisor.
     */
    void write(java.io.DataOutput out, java.util.function.ToIntFunction<SupervisionPlan> planRef)
            throws java.io.IOException {
        out.writeLong(StateCodec.SCHEMA);
        out.writeLong(windowMs);
        out.writeInt(maxBuffered);
        out.writeLong(checkpointTime);
        StateCodec.write(out, checkpoint, planRef);
        StateCodec.write(out, live, planRef);
        StateCodec.write(out, comms, planRef);
        out.writeInt(buffer.size());
        for (Entry e : buffer) {
            StateCodec.writeFix(out, e.fix);
            out.writeBoolean(e.victim);
            out.writeInt(e.events.size());
            for (AlarmEvent ev : e.events) {
                StateCodec.writeEvent(out, ev);
            }
        }
    }

    /** A supervisor as {@link #write} saved it, under {@code plans}; {@code plan} resolves the saved plan names. */
    static DeviceSupervisor read(java.io.DataInput in, SupervisionEngine engine, PlanTimeline plans,
            java.util.function.IntFunction<SupervisionPlan> plan) throws java.io.IOException {
        long schema = in.readLong();
        if (schema != StateCodec.SCHEMA) {
            throw new java.io.IOException("checkpoint written by an engine with other state fields");
        }
        long window = in.readLong();
        int max = in.readInt();
        DeviceSupervisor d = new DeviceSupervisor(engine, plans, Duration.ofMillis(window), max);
        d.checkpointTime = in.readLong();
        d.checkpoint = StateCodec.read(in, plan);
        d.live = StateCodec.read(in, plan);
        d.comms = StateCodec.read(in, plan);
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Entry e = new Entry(StateCodec.readFix(in), in.readBoolean());
            int m = in.readInt();
            List<AlarmEvent> events = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                events.add(StateCodec.readEvent(in));
            }
            e.events = events;
            d.buffer.add(e);
        }
        return d;
    }

    /** Every state this supervisor holds (for naming their plans in a checkpoint). */
    List<DeviceState> states() {
        return List.of(checkpoint, live, comms);
    }

    /** Moves inputs that left the window into the checkpoint. */
    private void advance() {
        long newest = buffer.get(buffer.size() - 1).time();
        while (buffer.size() > maxBuffered || (buffer.size() > 1 && newest - buffer.get(0).time() > windowMs)) {
            Entry first = buffer.remove(0);
            evaluate(checkpoint, first);
            checkpointTime = first.time();
        }
    }
}
