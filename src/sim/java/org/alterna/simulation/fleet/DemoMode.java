package org.alterna.simulation.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.alterna.gateway.GatewayPorts;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.orders.SyntheticHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Demo mode ({@code serve --demo}): once the server runs, fills it through its own REST API — the same calls an
 * installation's administrator makes — with INPE's 69 real establishments (through the penal-centre CSV import, figures
 * of 31 Jan 2026) and synthetic, clearly labelled cases: courts and judges, people under every measure type with
 * their zones, schedules and victims, orders in every lifecycle state, devices installed and in stock. Idempotent:
 * what exists is not created again. Then a simulated fleet talks to the server's own gateway over loopback sockets,
 * in real time, so the console shows people moving and breaches happening.
 *
 * <p>Settings: {@code alterna.demo.seed} (true), {@code alterna.demo.fleet.enabled} (true),
 * {@code alterna.demo.fleet.devices} (200), {@code alterna.demo.fleet.interval} (15s),
 * {@code alterna.demo.fleet.violations} (0.3 breaches per person and day), {@code alterna.demo.fleet.seed} (2026),
 * {@code alterna.demo.fleet.protocol} (mixed), {@code alterna.demo.incidents} (12 people who breach their order in
 * turn, see {@link DemoIncidents}; 0: none), {@code alterna.demo.incidents.every} (2.5 min between two turns),
 * {@code alterna.demo.user}/{@code alterna.demo.password} (admin/demo).
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "alterna.demo.enabled", havingValue = "true")
@EnableConfigurationProperties(DemoSettings.class)
class DemoMode implements ApplicationRunner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoMode.class);
    /** Index of the first person of the funnel cases (orders not yet or no longer active), apart from the fleet's. */
    static final int FUNNEL_BASE = 50_000;
    static final int STOCK_BASE = 60_000;
    /** Index of the first person of the funnel cases outside Lima (100 per region). */
    static final int REGIONAL_FUNNEL_BASE = FUNNEL_BASE + 1_000;
    /** Departments beyond Lima where a case waits at each stage of the funnel, each with a court of its own. */
    static final List<String> FUNNEL_REGIONS = List.of("Arequipa", "Cusco", "La Libertad");
    static final int STOCK_DEVICES = 20;
    static final String BUNDLED_CSV = "/reference/inpe_establishments.csv";

    private final Environment env;
    private final ObjectProvider<GatewayPorts> ports;
    private final ObjectProvider<SyntheticHistory> histories;
    private final boolean seed;
    private final boolean fleetEnabled;
    private final int devices;
    private final Duration interval;
    private final double violations;
    private final long fleetSeed;
    private final String protocol;
    private final String user;
    private final String password;
    private final int incidentPeople;
    private final Duration incidentEvery;
    private volatile DemoIncidents incidents;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Simulator fleet;
    private volatile boolean closed;

    DemoMode(Environment env, ObjectProvider<GatewayPorts> ports, ObjectProvider<SyntheticHistory> histories,
            DemoSettings settings) {
        this.env = env;
        this.ports = ports;
        this.histories = histories;
        this.seed = settings.seed();
        this.fleetEnabled = settings.fleet().enabled();
        this.devices = settings.fleet().devices();
        this.interval = settings.fleet().interval();
        this.violations = settings.fleet().violations();
        this.fleetSeed = settings.fleet().seed();
        this.protocol = settings.fleet().protocol();
        this.user = settings.user();
        this.password = settings.password();
        this.incidentPeople = settings.incidents();
        // alterna.demo.incidents is a number and the parent of .every, which a settings record cannot hold both of
        this.incidentEvery = env.getProperty("alterna.demo.incidents.every", Duration.class, Duration.ofSeconds(150));
    }

    /** Completes when the seed is written and the fleet started (or failed). */
    CompletableFuture<Void> ready() {
        return ready;
    }

    Simulator fleet() {
        return fleet;
    }

    @Override
    public void run(ApplicationArguments args) {
        Thread t = new Thread(() -> {
            try {
                if (seed) {
                    seed(); // starts the fleet as soon as its devices are registered
                }
                if (fleetEnabled && !closed && fleet == null) {
                    startFleet();
                }
                ready.complete(null);
            } catch (RuntimeException e) {
                log.error("Demo mode: {}", e.getMessage(), e);
                ready.completeExceptionally(e);
            }
        }, "demo-mode");
        t.setDaemon(true);
        t.start();
    }

    private String baseUrl() {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port;
    }

    /** The fleet's people in the order their devices come (person units, each followed by its victim unit). */
    List<Tag> fleetTags() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < Math.max(0, devices); i++) {
            SimulatedPerson p = new SimulatedPerson(fleetSeed, i);
            tags.add(new Tag(p, false, violations));
            if (p.victim) {
                tags.add(new Tag(p, true, 0));
            }
        }
        return tags;
    }

    /** Writes the demo data through the REST API; what already exists is left alone. */
    void seed() {
        long t0 = System.nanoTime();
        Registrar api = new Registrar(baseUrl(), user, password).login();
        api.ensureCourt("JIP-LIMA-01", "1.er Juzgado de Investigación Preparatoria de Lima");
        api.ensureCourt("JIP-LIMA-02", "2.º Juzgado de Investigación Preparatoria de Lima");
        api.ensureCourt("JIP-LIMA-03", "Juzgado de Investigación Preparatoria de Lima Norte");
        api.ensureJudge("JIP-LIMA-01", "Dr. Alberto Ríos Valdivia", "judge");
        api.ensureJudge("JIP-LIMA-02", "Dra. Carmen Salas Huertas", "judge2");
        api.ensureJudge("JIP-LIMA-03", "Dr. Julio Paredes Cano", null);
        LocalDate today = LocalDate.now(Registrar.LIMA);
        // the people who breach in turn come first: the first alarm is due within a minute of the start
        int incidentCases = 0;
        List<DemoIncidents.Incident> breachers = DemoIncidents.people(fleetSeed, incidentPeople);
        List<String[]> incidentDevices = new ArrayList<>();
        for (DemoIncidents.Incident i : breachers) {
            incidentDevices.add(new String[] {i.imei(), i.kind().protocol});
            if (i.victimImei() != null) {
                incidentDevices.add(new String[] {i.victimImei(), "osmand"});
            }
        }
        api.registerDevices(incidentDevices, 4);
        Registrar.Response imported = null;
        for (DemoIncidents.Incident i : breachers) {
            if (imported == null && i.slot() > 0) {
                imported = importCentres(api); // after the first turn's case: its person (house arrest) needs none
            }
            String conditions = Registrar.conditions(i.person(), DemoIncidents.NO_COMMUNICATION_MINUTES);
            if (api.createCase(i.person(), "ACTIVE", i.imei(), i.victimImei(), today, conditions) != null) {
                incidentCases++;
            }
            if (i.slot() == 0 && fleetEnabled && !closed) {
                // the first turn is due now; the others' cases exist long before their turns
                startIncidents(breachers);
            }
        }
        if (imported == null) {
            imported = importCentres(api);
        }
        log.info("Demo mode: {} people breach their order in turn, one every {} s ({} new cases)",
                breachers.size(), incidentEvery.toSeconds(), incidentCases);
        List<Tag> tags = fleetTags();
        List<String[]> list = new ArrayList<>();
        for (Tag t : tags) {
            list.add(new String[] {t.imei, protocolOf(t.person.index)});
        }
        for (int k = 0; k < STOCK_DEVICES; k++) {
            list.add(new String[] {SimulatedPerson.imei(fleetSeed, STOCK_BASE + k, 0),
                    Simulator.PROTOCOLS.get(k % Simulator.PROTOCOLS.size())});
        }
        int newDevices = api.registerDevices(list, 4);
        if (fleetEnabled && !closed && fleet == null) {
            startFleet(); // people start moving while their cases are being written
        }
        int active = api.activeCases(tags, today);
        int funnel = 0;
        int k = 0;
        for (String status : Registrar.FUNNEL) {
            if (status.equals("ACTIVE")) {
                continue;
            }
            for (int n = 0; n < 2; n++, k++) {
                SimulatedPerson p = new SimulatedPerson(fleetSeed, FUNNEL_BASE + k);
                String deviceImei = null;
                if (status.equals("SUSPENDED")) { // still wearing the tag while the measure is suspended
                    deviceImei = SimulatedPerson.imei(fleetSeed, FUNNEL_BASE + k, 0);
                    api.registerDevice(deviceImei, Simulator.PROTOCOLS.get(k % Simulator.PROTOCOLS.size()));
                }
                String orderId = api.createCase(p, status, deviceImei, null, today);
                if (orderId != null) {
                    funnel++;
                    spread(UUID.fromString(orderId), k);
                }
            }
        }
        funnel += regionalFunnel(api, today, k);
        log.info("Demo mode: 69 establishments (INPE, figures of {}) imported; {} devices registered ({} new, {} in stock);"
                        + " {} active and {} other synthetic cases created in {} s",
                imported.json().path("figuresDate").asString("?"), list.size(), newDevices, STOCK_DEVICES, active,
                funnel, Math.round((System.nanoTime() - t0) / 1e9));
        RegisterDemo.seed(api, env, fleetSeed); // the synthetic prison register, triaged (eligibility)
    }

    /**
     * The funnel beyond Lima: in each of {@link #FUNNEL_REGIONS} a case at every stage but ACTIVE, held in one of the
     * department's establishments (imported above) and before a court of its own, its history spread like Lima's, so
     * that the funnel compares regions, courts and penal centres on the first start. Cases already there are left.
     */
    private int regionalFunnel(Registrar api, LocalDate today, int firstK) {
        SyntheticHistory h = histories.getIfAvailable();
        if (h == null) {
            return 0;
        }
        java.util.Map<String, List<Long>> centres = new java.util.HashMap<>();
        Registrar.Response listed = api.call("GET", "/api/v1/penal-centres", null);
        if (listed.ok()) {
            for (tools.jackson.databind.JsonNode c : listed.json().path("centres")) {
                if (c.hasNonNull("id")) {
                    centres.computeIfAbsent(c.path("department").asString(""), d -> new ArrayList<>())
                            .add(c.get("id").longValue());
                }
            }
        }
        int made = 0;
        int k = firstK;
        for (int r = 0; r < FUNNEL_REGIONS.size(); r++) {
            String region = FUNNEL_REGIONS.get(r);
            String court = "JIP-" + java.text.Normalizer.normalize(region, java.text.Normalizer.Form.NFD)
                    .replaceAll("[^A-Za-z]", "").toUpperCase(java.util.Locale.ROOT) + "-01";
            Registrar.Response c = api.call("POST", "/api/v1/courts", java.util.Map.of("code", court, "name",
                    "1.er Juzgado de Investigación Preparatoria de " + region + " (sintético)", "judicialDistrict",
                    region, "region", region));
            if (!c.ok() && c.status() != 409) {
                log.warn("Demo mode: no court {} ({}); no funnel cases in {}", court, c, region);
                continue;
            }
            List<Long> held = centres.getOrDefault(region, List.of());
            int s = 0;
            for (String status : Registrar.FUNNEL) {
                if (status.equals("ACTIVE")) {
                    continue;
                }
                int index = REGIONAL_FUNNEL_BASE + r * 100 + s;
                String deviceImei = null;
                if (status.equals("SUSPENDED")) { // still wearing the tag while the measure is suspended
                    deviceImei = SimulatedPerson.imei(fleetSeed, index, 0);
                    api.registerDevice(deviceImei, Simulator.PROTOCOLS.get(s % 4));
                }
                String orderId = api.createCase(new SimulatedPerson(fleetSeed, index), status, deviceImei, null, today);
                if (orderId != null) {
                    made++;
                    UUID id = UUID.fromString(orderId);
                    Long centre = held.isEmpty() ? null : held.get(s % held.size());
                    try {
                        Actors.runAs(Actor.SYSTEM, () -> h.relocate(id, region, court, centre));
                    } catch (RuntimeException e) {
                        log.warn("demo case {} stays in Lima: {}", id, e.toString());
                    }
                    spread(id, k);
                }
                s++;
                k++;
            }
        }
        return made;
    }

    /**
     * Spreads a funnel case's history over the past weeks so that the activation funnel tells a story on the first
     * start: requested 10 to 40 days ago, each stage taking a plausible and varied time (viability 1 to 4 days, the
     * hearing 2 to 8, the installation 4 to 40 hours, so some measures are ordered and still not installed past
     * their deadline). Synthetic orders only; a failure leaves the case dated today.
     */
    private void spread(UUID orderId, int k) {
        SyntheticHistory h = histories.getIfAvailable();
        if (h == null) {
            return;
        }
        long[] stepHours = {24 + (k * 17L) % 72, 48 + (k * 29L) % 144, 4 + (k * 7L) % 36, 2 + (k * 5L) % 20,
                24 * (3 + k % 5), 24 * (2 + k % 4), 24};
        long total = 0;
        for (long x : stepHours) {
            total += x;
        }
        Instant start = Instant.now().minus(Duration.ofHours(Math.max(total, 24L * (10 + (k * 3) % 30))));
        List<Instant> at = new ArrayList<>();
        Instant t = start;
        at.add(t);
        for (long x : stepHours) {
            t = t.plus(Duration.ofHours(x));
            at.add(t);
        }
        try {
            Actors.runAs(Actor.SYSTEM, () -> h.redate(orderId, at));
        } catch (RuntimeException e) {
            log.warn("demo case {} keeps today's dates: {}", orderId, e.toString());
        }
    }

    /** INPE's establishments through the CSV import an installation uses (the bundled figures of 31 Jan 2026). */
    private static Registrar.Response importCentres(Registrar api) {
        Registrar.Response imported = api.send("POST", "/api/v1/penal-centres/import", bundledCsv(), "text/csv");
        if (!imported.ok()) {
            throw new IllegalStateException("penal centre import failed: " + imported);
        }
        return imported;
    }

    private String protocolOf(int index) {
        return protocol.equals("mixed")
                ? Simulator.PROTOCOLS.get(Math.floorMod(index, Simulator.PROTOCOLS.size())) : protocol;
    }

    private synchronized void startIncidents(List<DemoIncidents.Incident> people) {
        GatewayPorts gateway = ports.getIfAvailable();
        if (incidents != null || people.isEmpty() || gateway == null || gateway.ports().get("osmand") == null
                || gateway.ports().get("teltonika") == null) {
            return;
        }
        incidents = new DemoIncidents(people, incidentEvery, java.time.Instant.now());
        incidents.start("127.0.0.1", gateway.ports(), interval);
    }

    private synchronized void startFleet() {
        if (fleet != null) {
            return;
        }
        GatewayPorts gateway = ports.getIfAvailable();
        if (gateway == null) {
            log.warn("Demo mode: no gateway running; the simulated fleet is not started");
            return;
        }
        Simulator.Config config = new Simulator.Config(protocol, "127.0.0.1", gateway.ports(), devices, 0, interval,
                null, violations, fleetSeed, null, true, 0, Duration.ofSeconds(30), null, null);
        Simulator sim = new Simulator(config);
        sim.start();
        fleet = sim;
        log.info("Demo mode: simulated fleet of {} devices started against the gateway on {} (a record every {} s)",
                sim.imeis().size(), gateway.ports(), interval.toSeconds());
        if (closed) {
            sim.close();
        }
    }

    private static String bundledCsv() {
        try (InputStream in = DemoMode.class.getResourceAsStream(BUNDLED_CSV)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUNDLED_CSV);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Simulator sim = fleet;
        if (sim != null) {
            sim.close();
        }
        DemoIncidents running = incidents;
        if (running != null) {
            running.close();
        }
    }

    DemoIncidents incidents() {
        return incidents;
    }
}
