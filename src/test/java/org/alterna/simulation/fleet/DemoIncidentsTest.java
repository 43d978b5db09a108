package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.alterna.gateway.protocol.DeviceMessage;
import org.alterna.gateway.protocol.DeviceModelProfile;
import org.alterna.gateway.protocol.ProtocolSession;
import org.alterna.gateway.protocol.Protocols;
import org.alterna.orders.Conditions;
import org.alterna.orders.ConditionsParser;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.DeviceSupervisor;
import org.alterna.supervision.PlanTimeline;
import org.alterna.supervision.SupervisionEngine;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.supervision.WeeklySchedule;
import org.alterna.supervision.Zone;
import org.alterna.supervision.ZoneType;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

/**
 * The demo's people who breach in turn, run through the real decoders and the real supervision engine on a virtual
 * clock (the whole first 45 minutes in well under a second): the first alarm comes from the track the first person's
 * tag uploads at the start, then one every 2–3 minutes, of every kind, and nothing else.
 */
class DemoIncidentsTest {
    /** A Monday, 10:00 in Lima: outside every curfew and the charging window, so only the breaches themselves count. */
    static final Instant ORIGIN = Instant.parse("2026-11-30T15:00:00Z");
    static final Duration EVERY = Duration.ofSeconds(150);
    static final Duration INTERVAL = Duration.ofSeconds(15);

    record Raised(Instant at, AlarmType type, int slot) {
    }

    /** Every alarm the engine raises for the incident people from 12 minutes before the start to {@code until}. */
    static List<Raised> run(DemoIncidents incidents, Instant until) throws Exception {
        SupervisionEngine engine = new SupervisionEngine();
        Map<String, DeviceSupervisor> supervisors = new LinkedHashMap<>();
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (DemoIncidents.Incident i : incidents.incidents()) {
            DeviceSupervisor s = new DeviceSupervisor(engine, PlanTimeline.of(plan(Registrar.conditions(i.person(),
                    DemoIncidents.NO_COMMUNICATION_MINUTES))));
            supervisors.put(i.imei(), s);
            slots.put(i.imei(), i.slot());
            if (i.victimImei() != null) {
                supervisors.put(i.victimImei(), s);
            }
        }
        List<Tag> tags = incidents.tags();
        List<Raised> raised = new ArrayList<>();
        // what the first person's tag recorded before the start reaches the server at the start
        for (Tag tag : tags) {
            for (SimFix held : tag.backlog(ORIGIN, INTERVAL)) {
                deliver(tag, held, ORIGIN.plusSeconds(1), supervisors, slots, raised);
            }
        }
        for (Instant t = ORIGIN; t.isBefore(until); t = t.plus(INTERVAL)) {
            for (Tag tag : tags) {
                SimFix f = tag.take(t);
                if (f != null) {
                    deliver(tag, f, t.plusSeconds(1), supervisors, slots, raised);
                }
            }
            for (DemoIncidents.Incident i : incidents.incidents()) {
                for (AlarmEvent e : supervisors.get(i.imei()).tick(t.plusSeconds(5))) {
                    if (e.kind() == AlarmEvent.Kind.RAISED) {
                        raised.add(new Raised(t.plusSeconds(5), e.type(), i.slot()));
                    }
                }
            }
        }
        raised.sort(Comparator.comparing(Raised::at));
        return raised;
    }

    private static void deliver(Tag tag, SimFix f, Instant received, Map<String, DeviceSupervisor> supervisors,
            Map<String, Integer> slots, List<Raised> raised) throws Exception {
        DemoIncidents.IncidentTag it = (DemoIncidents.IncidentTag) tag;
        Fix fix = decode(it.incident.kind().protocol, tag.imei, f).withServerTime(received);
        DeviceSupervisor s = supervisors.get(tag.imei);
        List<AlarmEvent> events = tag.victimUnit ? s.onVictimFix(fix) : s.onFix(fix);
        for (AlarmEvent e : events) {
            if (e.kind() == AlarmEvent.Kind.RAISED) {
                raised.add(new Raised(received, e.type(), it.incident.slot()));
            }
        }
    }

    /** The record as the gateway decodes it from the frame the simulated device sends. */
    static Fix decode(String protocol, String imei, SimFix f) throws Exception {
        if (protocol.equals("osmand")) {
            return Protocols.osmand().decode("GET", Encoders.osmandQuery(imei, f), null, new byte[0]).fixes().get(0);
        }
        ProtocolSession session = new ProtocolSession();
        session.values().put(DeviceModelProfile.SESSION_KEY, Simulator.MODELS.get(protocol));
        var decoder = Protocols.tcp(protocol);
        decoder.decode(Encoders.teltonikaLogin(imei), session);
        return ((DeviceMessage.Report) decoder.decode(Encoders.teltonikaAvl(List.of(f)), session).get(0)).fixes()
                .get(0);
    }

    /** The order's conditions as the demo writes them, as the engine's plan. */
    static SupervisionPlan plan(String json) {
        Conditions c = ConditionsParser.parse(json, "conditions");
        SupervisionPlan.Builder b = SupervisionPlan.builder();
        for (Conditions.Zone z : c.zones()) {
            b.zone(new Zone(z.id(), z.type() == Conditions.ZoneType.INCLUSION ? ZoneType.INCLUSION : ZoneType.EXCLUSION,
                    z.geometry(), z.radiusMeters(), schedule(z.schedule())));
        }
        b.victimProximityMeters(c.victimProximityMeters() == null ? null : c.victimProximityMeters().doubleValue());
        b.lowBatteryPercent(c.lowBatteryPercent());
        b.noCommunicationMinutes(c.noCommunicationMinutes());
        if (c.chargingWindow() != null) {
            b.chargingWindow(schedule(List.of(c.chargingWindow())));
        }
        return b.build();
    }

    private static WeeklySchedule schedule(List<Conditions.Window> windows) {
        if (windows == null || windows.isEmpty()) {
            return WeeklySchedule.always();
        }
        return new WeeklySchedule(windows.stream().map(w -> new WeeklySchedule.Entry(w.days(), w.from(), w.to()))
                .toList());
    }

    static AlarmType expected(DemoIncidents.Kind kind) {
        return switch (kind) {
            case LEAVES_HOME -> AlarmType.INCLUSION_ZONE;
            case OPENS_STRAP -> AlarmType.STRAP_TAMPER;
            case APPROACHES_VICTIM -> AlarmType.VICTIM_PROXIMITY;
            case BATTERY_RUNS_DOWN -> AlarmType.LOW_BATTERY;
            case GOES_SILENT -> AlarmType.NO_COMMUNICATION;
            case ENTERS_EXCLUSION_ZONE -> AlarmType.EXCLUSION_ZONE;
        };
    }

    @Test
    void peopleFitWhatTheyDo() {
        List<DemoIncidents.Incident> people = DemoIncidents.people(2026, 12);
        assertThat(people).hasSize(12).allMatch(i -> i.kind().fits(i.person()))
                .extracting(i -> i.person().index).doesNotHaveDuplicates().allMatch(i -> i >= DemoIncidents.BASE);
        assertThat(people.get(0).kind()).isEqualTo(DemoIncidents.Kind.LEAVES_HOME);
        assertThat(people.get(0).person().houseArrest).isTrue();
        assertThat(people.get(2).person().victim).isTrue();
        assertThat(DemoIncidents.people(2026, 5)).as("never fewer than two rounds").hasSize(DemoIncidents.MIN_PEOPLE);
        assertThat(DemoIncidents.people(2026, 0)).isEmpty();
    }

    @Test
    void theFirstAlarmComesFromTheUploadedTrackAtTheStartThenOneEveryTwoToThreeMinutesOfEveryKind() throws Exception {
        DemoIncidents incidents = new DemoIncidents(DemoIncidents.people(2026, 12), EVERY, ORIGIN);
        Instant until = ORIGIN.plus(Duration.ofMinutes(45));
        List<Raised> raised = run(incidents, until);

        // the first: the person under house arrest who left home before the start, raised on the upload of their track
        Raised first = raised.get(0);
        assertThat(first.type()).isEqualTo(AlarmType.INCLUSION_ZONE);
        assertThat(first.slot()).isZero();
        assertThat(first.at()).isBefore(ORIGIN.plusSeconds(5));

        // then each turn's breach, by that person, close to its turn, and nothing else (no alarm from the GPS noise)
        int turns = (int) (Duration.between(ORIGIN, until).toSeconds() / EVERY.toSeconds());
        // (the next turn's alarm may come a little before its time)
        raised.removeIf(r -> !r.at().isBefore(until.minus(Duration.ofMinutes(1))));
        assertThat(raised).as("one alarm per turn: " + raised).hasSize(turns);
        for (int k = 0; k < turns; k++) {
            DemoIncidents.Incident who = incidents.incidents().get(k % 12);
            Raised r = raised.get(k);
            assertThat(r.slot()).as("turn " + k + ": " + raised).isEqualTo(who.slot());
            assertThat(r.type()).as("turn " + k).isEqualTo(expected(who.kind()));
            if (k > 0) {
                Instant turn = ORIGIN.plus(EVERY.multipliedBy(k));
                assertThat(r.at()).as("turn " + k + " " + r.type()).isBetween(turn.minusSeconds(30),
                        turn.plusSeconds(30));
                long gap = Duration.between(raised.get(k - 1).at(), r.at()).toSeconds();
                assertThat(gap).as("between turn " + (k - 1) + " and " + k).isBetween(120L, 180L);
            }
        }
        Set<AlarmType> firstQuarter = raised.stream().filter(r -> r.at().isBefore(ORIGIN.plus(Duration.ofMinutes(15))))
                .map(Raised::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(AlarmType.class)));
        assertThat(firstQuarter).containsExactlyInAnyOrder(AlarmType.INCLUSION_ZONE, AlarmType.STRAP_TAMPER,
                AlarmType.VICTIM_PROXIMITY, AlarmType.LOW_BATTERY, AlarmType.NO_COMMUNICATION,
                AlarmType.EXCLUSION_ZONE);
    }

    @Test
    void theFirstPersonsTagHoldsTheWalkOutRecordedBeforeTheStart() {
        DemoIncidents incidents = new DemoIncidents(DemoIncidents.people(2026, 12), EVERY, ORIGIN);
        DemoIncidents.Incident first = incidents.incidents().get(0);
        List<SimFix> held = incidents.tags().get(0).backlog(ORIGIN, INTERVAL);
        assertThat(held).hasSize((int) (DemoIncidents.BACKLOG.toSeconds() / INTERVAL.toSeconds()));
        assertThat(held).isSortedAccordingTo(Comparator.comparing(SimFix::time));
        assertThat(held.get(held.size() - 1).time()).isBefore(ORIGIN);
        // at home at first, out of the zone (600 m away) at the start
        DemoIncidents.Where start = incidents.where(first, ORIGIN);
        assertThat(Math.hypot(start.x(), start.y())).isEqualTo(DemoIncidents.WALK_AWAY_METERS);
        assertThat(incidents.where(first, ORIGIN.minus(DemoIncidents.BACKLOG))).isEqualTo(DemoIncidents.Where.HOME);
        // everyone else is at home at the start
        for (DemoIncidents.Incident i : incidents.incidents().subList(1, 12)) {
            assertThat(incidents.where(i, ORIGIN)).as(i.kind().name()).isEqualTo(DemoIncidents.Where.HOME);
        }
    }
}
