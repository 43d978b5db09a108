package org.alterna.simulation.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.alterna.simulation.tracks.GpsError;

/**
 * Demo incidents: synthetic people who, in turn, really breach their order — so that someone trying Alterna sees the
 * first alarm reach the desk within a minute of the start and a new one every {@code every} (2.5 min by default), of
 * every kind the desk handles. Nothing is injected into the desk: each person's tag reports through the gateway what
 * the person does, and the supervision engine decides.
 *
 * <p>The people take turns ({@link Kind}, in this order, one turn every {@code every}; person {@code i} has turns
 * {@code i, i + n, i + 2n...}, so a person's next turn comes {@code n × every} later):
 * <ol>
 * <li>{@link Kind#LEAVES_HOME} — under house arrest, walks 600 m away from home, stays, walks back (an inclusion-zone
 * breach). The first of them is already out when the demo starts: left home ten minutes earlier, while the server was
 * not running, and their tag uploads what it recorded meanwhile as soon as it reaches the server (as tags do after an
 * outage), so the engine confirms the breach from that track at once.</li>
 * <li>{@link Kind#OPENS_STRAP} — at home, opens the strap of a Teltonika-based ankle tag for eight minutes.</li>
 * <li>{@link Kind#APPROACHES_VICTIM} — a protection order: rides a mototaxi towards the victim, who is out with her
 * unit 2 km from his home, stops 150 m from her (the order says 500 m), stays, rides back.</li>
 * <li>{@link Kind#BATTERY_RUNS_DOWN} — a worn battery: the tag's level falls to the order's 15 %, the person plugs the
 * charger in a few minutes later, for a few minutes only.</li>
 * <li>{@link Kind#GOES_SILENT} — switches the phone-based unit off for seven minutes (the incident orders ask for
 * contact every {@value #NO_COMMUNICATION_MINUTES} minutes, as for a high-risk case).</li>
 * <li>{@link Kind#ENTERS_EXCLUSION_ZONE} — rides to the place they must keep away from, stays, rides back.</li>
 * </ol>
 * Everyone reports every {@code interval} with the tags' GPS noise (indoors at home: wide scatter and multipath
 * bursts; outdoors: drift and urban-canyon reflections), so none of this is an alarm the fleet's noise could not also
 * show. With fewer than {@link #MIN_PEOPLE} people a person's trips would overlap their next turn.
 */
final class DemoIncidents implements AutoCloseable {
    /** Index of the first candidate person, apart from the fleet's and the funnel's. */
    static final int BASE = 70_000;
    static final int MIN_PEOPLE = 12;
    static final int NO_COMMUNICATION_MINUTES = 5;
    static final double WALK_SPEED = 1.3;
    static final double RIDE_SPEED = 9;
    static final double WALK_AWAY_METERS = 600;
    static final Duration STAY = Duration.ofMinutes(4);
    /** How long before the start the first person left home (the records their tag holds when it first connects). */
    static final Duration ALREADY_OUT = Duration.ofMinutes(10);
    static final Duration BACKLOG = Duration.ofMinutes(12);
    static final double VICTIM_METERS = 2000;
    static final double STOP_SHORT_OF_VICTIM = 150;
    static final Duration STRAP_OPEN = Duration.ofMinutes(8);
    static final Duration SILENCE_AFTER = Duration.ofMinutes(2);
    static final int LOW_BATTERY = 15;

    /** What a person does on their turn. */
    enum Kind {
        LEAVES_HOME("osmand"), OPENS_STRAP("teltonika"), APPROACHES_VICTIM("osmand"), BATTERY_RUNS_DOWN("teltonika"),
        GOES_SILENT("osmand"), ENTERS_EXCLUSION_ZONE("osmand");

        /** The protocol of the person's unit (a strap needs an ankle tag; a phone can be switched off). */
        final String protocol;

        Kind(String protocol) {
            this.protocol = protocol;
        }

        boolean fits(SimulatedPerson p) {
            return switch (this) {
                case LEAVES_HOME -> p.houseArrest;
                case APPROACHES_VICTIM -> p.victim;
                default -> !p.houseArrest && !p.victim;
            };
        }
    }

    /** One of the people: what they do on their turn, who they are, their slot among the people. */
    record Incident(Kind kind, SimulatedPerson person, int slot) {
        String imei() {
            return SimulatedPerson.imei(person.seed, person.index, 0);
        }

        /** The victim's unit of a protection order, else null. */
        String victimImei() {
            return kind == Kind.APPROACHES_VICTIM ? SimulatedPerson.imei(person.seed, person.index, 1) : null;
        }
    }

    private final List<Incident> incidents;
    private final Duration every;
    private final Instant origin;
    private volatile Simulator simulator;

    /**
     * @param origin the first turn (the first person is already out by then); turn {@code k} comes at
     *               {@code origin + k × every}
     */
    DemoIncidents(List<Incident> incidents, Duration every, Instant origin) {
        this.incidents = List.copyOf(incidents);
        this.every = every;
        this.origin = origin;
    }

    /**
     * The people for {@code count} turns per round ({@link #MIN_PEOPLE} at least, a whole number of rounds of every
     * kind), the first fitting synthetic people from {@link #BASE} on (deterministic per seed); none for 0.
     */
    static List<Incident> people(long seed, int count) {
        if (count <= 0) {
            return List.of();
        }
        int kinds = Kind.values().length;
        int n = Math.max(MIN_PEOPLE, (count + kinds - 1) / kinds * kinds);
        List<Incident> out = new ArrayList<>();
        int next = BASE;
        for (int slot = 0; slot < n; slot++) {
            Kind kind = Kind.values()[slot % kinds];
            SimulatedPerson p = new SimulatedPerson(seed, next++);
            while (!kind.fits(p)) {
                p = new SimulatedPerson(seed, next++);
            }
            out.add(new Incident(kind, p, slot));
        }
        return out;
    }

    List<Incident> incidents() {
        return incidents;
    }

    /** Time between a person's turns. */
    Duration period() {
        return every.multipliedBy(incidents.size());
    }

    /** When turn {@code k} of the person in {@code slot} comes ({@code k} may be negative: before the start). */
    Instant turn(int slot, long k) {
        return origin.plus(every.multipliedBy(slot + k * incidents.size()));
    }

    /** The tags: each person's unit, then the victim's unit where there is one. */
    List<Tag> tags() {
        List<Tag> tags = new ArrayList<>();
        for (Incident i : incidents) {
            tags.add(new IncidentTag(i, false));
            if (i.victimImei() != null) {
                tags.add(new IncidentTag(i, true));
            }
        }
        return tags;
    }

    /** Starts the people's tags against the gateway (the teltonika and osmand ports of {@code ports}). */
    Simulator start(String host, Map<String, Integer> ports, Duration interval) {
        Simulator.Config config = new Simulator.Config("mixed", host, ports, 0, 0, interval, null, 0,
                incidents.isEmpty() ? 0 : incidents.get(0).person().seed, null, false, 0, Duration.ofSeconds(30), null,
                null);
        List<Tag> tags = tags();
        List<String> protocols = tags.stream().map(t -> ((IncidentTag) t).incident.kind().protocol).toList();
        Simulator sim = new Simulator(config, tags, protocols);
        sim.start();
        simulator = sim;
        return sim;
    }

    @Override
    public void close() {
        Simulator sim = simulator;
        if (sim != null) {
            sim.close();
        }
    }

    // ------------------------------------------------------------------------------------------ behaviour

    /** Where a person is at a moment: metres east and north of home, outdoors or not, speed in m/s. */
    record Where(double x, double y, boolean outdoors, double speed, double course) {
        static final Where HOME = new Where(0, 0, false, 0, 0);
    }

    /** The victim's position (metres from the aggressor's home): out 2 km away, clear of her own home's zone. */
    static double[] victimAt(SimulatedPerson p) {
        for (int q = 0; q < 4; q++) {
            double a = p.angle + Math.PI / 4 + q * Math.PI / 2;
            double[] v = {VICTIM_METERS * Math.cos(a), VICTIM_METERS * Math.sin(a)};
            if (Math.hypot(v[0] - p.exclusion[0], v[1] - p.exclusion[1]) > p.exclusionRadius + 1000) {
                return v;
            }
        }
        return new double[] {VICTIM_METERS * Math.cos(p.angle), VICTIM_METERS * Math.sin(p.angle)};
    }

    /** The far end of a trip (metres from home) and the distance to it. */
    private static double[] destination(Incident i) {
        SimulatedPerson p = i.person();
        return switch (i.kind()) {
            case LEAVES_HOME -> new double[] {WALK_AWAY_METERS * Math.cos(p.angle), WALK_AWAY_METERS * Math.sin(p.angle)};
            case APPROACHES_VICTIM -> {
                double[] v = victimAt(p);
                double d = Math.hypot(v[0], v[1]);
                double k = (d - STOP_SHORT_OF_VICTIM) / d;
                yield new double[] {v[0] * k, v[1] * k};
            }
            case ENTERS_EXCLUSION_ZONE -> p.exclusion.clone(); // the place itself (its centre)
            default -> new double[] {0, 0};
        };
    }

    /**
     * How long before a turn the person sets off, so that the engine's confirmation lands on the turn: a walk is
     * confirmed about a minute after the person is 300 m beyond the zone (out of multipath's reach), a ride two fixes
     * after it heads into the zone along a coherent path.
     */
    static long leadSeconds(Incident i) {
        SimulatedPerson p = i.person();
        return switch (i.kind()) {
            case LEAVES_HOME -> Math.round((p.homeRadius + 330) / WALK_SPEED) + 50;
            case APPROACHES_VICTIM -> {
                double[] v = victimAt(p);
                yield Math.round((Math.hypot(v[0], v[1]) - 500 + 60) / RIDE_SPEED) + 15;
            }
            case ENTERS_EXCLUSION_ZONE -> Math.round((Math.hypot(p.exclusion[0], p.exclusion[1])
                    - p.exclusionRadius + 60) / RIDE_SPEED) + 15;
            default -> 0;
        };
    }

    /** When the person's trip of round {@code k} starts. */
    Instant leaves(Incident i, long k) {
        if (k == 0 && i.slot() == 0 && i.kind() == Kind.LEAVES_HOME) {
            return origin.minus(ALREADY_OUT); // out before the start: the alarm comes from the uploaded track
        }
        return turn(i.slot(), k).minusSeconds(leadSeconds(i));
    }

    /** Where the person is at {@code t}: at home, or on the trip (out, stay, back) of the round under way. */
    Where where(Incident i, Instant t) {
        double speed = i.kind() == Kind.LEAVES_HOME ? WALK_SPEED : RIDE_SPEED;
        double[] to = destination(i);
        double length = Math.hypot(to[0], to[1]);
        if (length == 0) {
            return Where.HOME;
        }
        long k = round(i, t);
        if (k < 0) {
            return Where.HOME; // the turns begin with the demo
        }
        double s = Duration.between(leaves(i, k), t).toMillis() / 1000.0;
        double travel = length / speed;
        double d;
        double v;
        boolean back = false;
        if (s < 0) {
            return Where.HOME;
        } else if (s < travel) {
            d = s * speed;
            v = speed;
        } else if (s < travel + STAY.toSeconds()) {
            d = length;
            v = 0;
        } else if (s < 2 * travel + STAY.toSeconds()) {
            d = length - (s - travel - STAY.toSeconds()) * speed;
            v = speed;
            back = true;
        } else {
            return Where.HOME;
        }
        double ux = to[0] / length;
        double uy = to[1] / length;
        double course = Math.toDegrees(Math.atan2(back ? -ux : ux, back ? -uy : uy));
        return new Where(ux * d, uy * d, true, v, (course + 360) % 360);
    }

    /** The round whose trip is under way or last began at {@code t}. */
    private long round(Incident i, Instant t) {
        long p = period().toMillis();
        long k = Math.floorDiv(Duration.between(turn(i.slot(), 0), t).toMillis(), p);
        while (leaves(i, k + 1).compareTo(t) <= 0) {
            k++;
        }
        while (leaves(i, k).isAfter(t)) {
            k--;
        }
        return k;
    }

    /** Whether the strap is open at {@code t}. */
    boolean strapOpen(Incident i, Instant t) {
        if (i.kind() != Kind.OPENS_STRAP || t.isBefore(turn(i.slot(), 0))) {
            return false;
        }
        long s = Math.floorMod(Duration.between(turn(i.slot(), 0), t).toSeconds(), period().toSeconds());
        return s < STRAP_OPEN.toSeconds();
    }

    /** Whether the unit is switched off at {@code t} (from the silence limit before the turn until a while after). */
    boolean silent(Incident i, Instant t) {
        long from = NO_COMMUNICATION_MINUTES * 60L;
        if (i.kind() != Kind.GOES_SILENT || t.isBefore(turn(i.slot(), 0).minusSeconds(from))) {
            return false;
        }
        long s = Math.floorMod(Duration.between(turn(i.slot(), 0).minusSeconds(from), t).toSeconds(),
                period().toSeconds());
        return s < from + SILENCE_AFTER.toSeconds();
    }

    /** Charge in percent and whether the charger is plugged in, at {@code t}. */
    double[] battery(Incident i, Instant t) {
        if (i.kind() != Kind.BATTERY_RUNS_DOWN) {
            return new double[] {60 + Math.floorMod(i.person().index * 37, 35), 0};
        }
        // drains, reads 15 % from the turn on; plugged in 3 minutes later for 5 minutes only; drains again until the
        // next turn (a worn battery: the rate that brings it back to 15 % one period later)
        double period = period().toSeconds();
        double charge = 35.0 / 3600;
        double rate = charge * 300 / (period - 300);
        double at0 = LOW_BATTERY + 0.5 - rate * 15;
        double s = Math.floorMod(Duration.between(turn(i.slot(), 0), t).toMillis(), period().toMillis()) / 1000.0;
        if (s < 180) {
            return new double[] {at0 - rate * s, 0};
        }
        if (s < 480) {
            return new double[] {at0 - rate * 180 + charge * (s - 180), 1};
        }
        return new double[] {at0 - rate * 180 + charge * 300 - rate * (s - 480), 0};
    }

    /** The unit of a demo incident person (or of their victim): records what the schedule makes them do. */
    final class IncidentTag extends Tag {
        final Incident incident;
        private final GpsError error = new GpsError();
        private final SplittableRandom r;

        IncidentTag(Incident incident, boolean victimUnit) {
            super(incident.person(), victimUnit, 0);
            this.incident = incident;
            this.r = new SplittableRandom(SimulatedPerson.mix(incident.person().seed, incident.person().index,
                    victimUnit ? 0x71 : 0x70));
        }

        @Override
        SimFix take(Instant time) {
            SimulatedPerson p = incident.person();
            if (!victimUnit && silent(incident, time)) {
                return null;
            }
            Where w;
            if (victimUnit) {
                double[] v = victimAt(p);
                w = new Where(v[0], v[1], true, 0, 0);
            } else {
                w = where(incident, time);
            }
            error.next(!w.outdoors(), w.speed() > 0, r);
            double[] battery = battery(incident, time);
            boolean charging = battery[1] > 0 || !victimUnit && !w.outdoors()
                    && incident.kind() != Kind.BATTERY_RUNS_DOWN && chargingHours(time);
            int sats = w.outdoors() ? 7 + r.nextInt(6) : 4 + r.nextInt(4);
            double speed = Math.max(0, w.speed() * 3.6 + r.nextGaussian() * (w.speed() > 0 ? 1.5 : 0.3));
            return new SimFix(time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), p.lat(w.y() + error.dy()),
                    p.lon(w.x() + error.dx()), 150 + Math.round(r.nextGaussian() * 8), speed, w.course(), sats,
                    Math.round(error.accuracy() * 10) / 10.0, true, false,
                    (int) Math.round(Math.max(0, Math.min(100, battery[0]))), charging,
                    !victimUnit && strapOpen(incident, time), false);
        }

        /**
         * The first person, already out at the start, holds the records of the last {@link #BACKLOG} (their tag could
         * not reach the server); they go before the first live record.
         */
        @Override
        List<SimFix> backlog(Instant start, Duration interval) {
            if (victimUnit || incident.slot() != 0 || incident.kind() != Kind.LEAVES_HOME) {
                return List.of();
            }
            List<SimFix> held = new ArrayList<>();
            for (Instant t = start.minus(BACKLOG); t.isBefore(start); t = t.plus(interval)) {
                held.add(take(t));
            }
            return held;
        }
    }

    /** The nightly charging window of the orders (21:30–23:30 in Lima): people at home charge then. */
    private static boolean chargingHours(Instant t) {
        int sod = (int) Math.floorMod(t.getEpochSecond() + DayPlan.LIMA_OFFSET, 86400);
        return sod >= 21 * 3600 + 1800 && sod < 23 * 3600 + 1800;
    }
}
