package org.alterna.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo incidents: a few synthetic people under house arrest who, in turn, walk out of their home for a few minutes
 * and come back, reporting through the Traccar Client (OsmAnd) protocol like a phone-based unit. The fleet's daily
 * routines breach a few times a day; someone trying Alterna for half an hour needs to see an alarm arrive, be
 * acknowledged and resolved within minutes, so these people leave one after another, a new breach every
 * {@code cycle / people}.
 *
 * <p>The cycle of one person: at home (GPS noise of a tag indoors), a walk out at 1.3 m/s to {@link #AWAY_METERS},
 * a short stay, the walk back. The engine raises an inclusion-zone alarm once the breach is sure, and records its
 * end when the person is back; the operator handles it on the desk.
 */
final class DemoIncidents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoIncidents.class);
    /** Index of the first candidate person, apart from the fleet's and the funnel's. */
    static final int BASE = 70_000;
    static final double AWAY_METERS = 450;
    static final double WALK_SPEED = 1.3;
    static final Duration STAY_OUT = Duration.ofMinutes(2);

    private final List<Person> people;
    private final Duration cycle;
    private final Duration interval;
    private final String baseUrl;
    private final Instant origin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-incidents");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom noise;

    /**
     * @param origin the first person starts walking out one reporting interval after it
     */
    DemoIncidents(List<Person> people, Duration cycle, Duration interval, String host, int osmandPort, Instant origin,
            long seed) {
        this.people = List.copyOf(people);
        this.cycle = cycle;
        this.interval = interval;
        this.baseUrl = "http://" + host + ":" + osmandPort;
        this.origin = origin;
        this.noise = new SplittableRandom(seed);
    }

    /** The first {@code count} synthetic people under house arrest from {@link #BASE} on (deterministic per seed). */
    static List<Person> people(long seed, int count) {
        List<Person> found = new ArrayList<>();
        for (int i = BASE; found.size() < count && i < BASE + 100 * Math.max(1, count); i++) {
            Person p = new Person(seed, i);
            if (p.houseArrest) {
                found.add(p);
            }
        }
        return found;
    }

    static String imei(Person p) {
        return Person.imei(p.seed, p.index, 0);
    }

    /** Seconds a person spends away from home in one cycle (out, stay, back). */
    static long awaySeconds() {
        return Math.round(2 * AWAY_METERS / WALK_SPEED) + STAY_OUT.toSeconds();
    }

    /**
     * Where person {@code k} is at {@code t}, in metres east and north of home. Everyone's cycle is shifted by
     * {@code k * cycle / people}; person 0 leaves one reporting interval after the origin.
     */
    double[] offset(int k, Instant t) {
        long period = cycle.toSeconds();
        long away = awaySeconds();
        long leaveAt = interval.toSeconds() + k * period / Math.max(1, people.size());
        long since = Duration.between(origin, t).toSeconds() - leaveAt;
        if (since < 0) {
            return new double[] {0, 0, 0}; // at home until their first outing
        }
        long phase = since % period;
        double walk = AWAY_METERS / WALK_SPEED;
        double d;
        if (phase >= away) {
            d = 0;
        } else if (phase < walk) {
            d = phase * WALK_SPEED;
        } else if (phase < walk + STAY_OUT.toSeconds()) {
            d = AWAY_METERS;
        } else {
            d = Math.max(0, AWAY_METERS - (phase - walk - STAY_OUT.toSeconds()) * WALK_SPEED);
        }
        double bearing = people.get(k).angle; // along the person's street grid
        return new double[] {d * Math.cos(bearing), d * Math.sin(bearing), d > 0 && d < AWAY_METERS ? WALK_SPEED : 0};
    }

    void start() {
        timer.scheduleAtFixedRate(this::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        Instant now = Instant.now();
        for (int k = 0; k < people.size(); k++) {
            Person p = people.get(k);
            double[] at = offset(k, now);
            boolean home = at[0] == 0 && at[1] == 0;
            double accuracy = home ? 12 + noise.nextDouble(0, 15) : 5 + noise.nextDouble(0, 6);
            double x = at[0] + noise.nextGaussian() * accuracy / 2;
            double y = at[1] + noise.nextGaussian() * accuracy / 2;
            SimFix fix = new SimFix(now, p.lat(y), p.lon(x), 150, at[2] * 3.6, 0, home ? 5 : 9, accuracy, true, false,
                    80, false, false, false);
            String uri = baseUrl + Encoders.osmandQuery(imei(p), fix);
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 200) {
                    log.debug("demo incident fix of {} answered {}", imei(p), answer.statusCode());
                }
            } catch (java.io.IOException e) {
                log.debug("demo incident fix of {} not sent: {}", imei(p), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
