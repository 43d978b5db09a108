package org.alterna.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.alterna.alarms.AlarmIntake;
import org.alterna.alarms.AlarmSignal;
import org.alterna.alarms.EvidenceFix;
import org.alterna.identity.Role;
import org.alterna.supervision.SupervisedPosition;
import org.alterna.telemetry.BatchWriter;
import org.alterna.telemetry.Fix;
import org.springframework.context.ApplicationContext;

/**
 * Two sides of the country seeded as an attacker would want them, through the real API: two INPE regions, two
 * monitoring centres, two courts, and two users per role on each side. Each side has a protection order (person,
 * victim, the person's and the victim's units with fixes, an open PANIC and an open VICTIM_PROXIMITY alarm, a
 * confirmed breach with its incident report, a compliance report with its evidence package), a scratch order with its own device and alarm for the calls that
 * change things, an idle device in stock, and a police authorisation.
 * <p>
 * Every name, address, phone and coordinate of a side carries markers unique to it ({@link Side#markers()}), so that
 * a test can assert that no byte of the other side is in a body, a stream or a download. Users: {@code <role>-a1},
 * {@code <role>-a2} on side A, {@code <role>-b1}, {@code <role>-b2} on side B ({@code admin-a1} too, though an
 * administrator has no side); all with {@link #PASSWORD}. The x1 users are those the orders name (the judge of
 * the court, the assigned prosecutor); {@code prosecutor-a2} is assigned to nothing.
 * <p>
 * One fixture per application context (by port): tests sharing a context share it.
 */
public final class ScopeFixture {
    public static final String PASSWORD = "Escenario-de-prueba-2026";
    private static final Map<Integer, ScopeFixture> BY_PORT = new ConcurrentHashMap<>();
    private static final ZoneId LIMA = ZoneId.of("America/Lima");

    public final int port;
    public final Side a;
    public final Side b;
    private final ApplicationContext context;

    /** The data classes of {@link Side#markers()}. */
    public static final List<String> CLASSES = List.of("ids", "identity", "home", "victim", "positions",
            "victim-positions", "breach-evidence");

    private ScopeFixture(int port, ApplicationContext context) {
        this.port = port;
        this.context = context;
        this.a = new Side("a", "Norte Chiclayo", "JIP-CHICLAYO-01", "Lambayeque", "CM-CHICLAYO", -6.77, -79.84);
        this.b = new Side("b", "Sur Arequipa", "JIP-AREQUIPA-01", "Arequipa", "CM-AREQUIPA", -16.40, -71.53);
        seed(a);
        seed(b);
    }

    /** The fixture of the application running on {@code port}, seeded on first use. */
    public static ScopeFixture of(int port, ApplicationContext context) {
        return BY_PORT.computeIfAbsent(port, p -> new ScopeFixture(p, context));
    }

    /** Calls as a fixture user ({@code judge-a1}) or, for any other name, as a demo account. */
    public Api as(String user) {
        return user.matches("[a-z]+-[ab][12]") ? Api.as(port, user, PASSWORD) : Api.as(port, user);
    }

    public Side other(Side s) {
        return s == a ? b : a;
    }

    /** One side: its scope and the ids and markers of what it holds. */
    public static final class Side {
        public final String name;
        public final String region;
        public final String court;
        public final String district;
        public final String centre;
        final double baseLat;
        final double baseLon;
        /** Tokens unique to the side, embedded in the person's names, their address, and the victim's details. */
        public final String personToken = token();
        public final String homeToken = token();
        public final String victimToken = token();
        public String dni;
        public String victimDni;
        public String victimPhone;
        public String personId;
        public String orderId;
        public String scratchOrderId;
        public String deviceId;
        public String victimDeviceId;
        public String idleDeviceId;
        public String scratchDeviceId;
        public String panicAlarmId;
        public String proximityAlarmId;
        public String breachAlarmId;
        public String scratchAlarmId;
        public String reportId;
        /** A compliance report (PDF) of the order and the evidence package (ZIP) made with it. */
        public String courtReportId;
        public String evidencePackageId;
        public String authorisationId;
        public double homeLat;
        public double homeLon;
        public double victimLat;
        public double victimLon;
        /** Coordinates by class: positions (person's unit, alarm evidence), victim-positions, breach-evidence. */
        public final Map<String, List<double[]>> points = new LinkedHashMap<>();

        Side(String name, String region, String court, String district, String centre, double lat, double lon) {
            this.name = name;
            this.region = region;
            this.court = court;
            this.district = district;
            this.centre = centre;
            this.baseLat = lat;
            this.baseLon = lon;
        }

        /** The fixture user of {@code role} on this side, 1 or 2. */
        public String user(Role role, int n) {
            return role.name().toLowerCase(Locale.ROOT) + "-" + name + n;
        }

        /** A coordinate near the side's city with six decimals no other value of the fixture shares. */
        double coordinate(double base) {
            return Math.round((base + ThreadLocalRandom.current().nextInt(1, 9999) / 100_000.0
                    + ThreadLocalRandom.current().nextInt(1, 9) / 1_000_000.0) * 1e6) / 1e6;
        }

        double[] point(String cls) {
            double[] p = {coordinate(baseLat), coordinate(baseLon)};
            points.computeIfAbsent(cls, k -> new ArrayList<>()).add(p);
            return p;
        }

        /** Strings of this side by data class; none of them may ever reach a user of the other side. */
        public Map<String, List<String>> markers() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("ids", List.of(orderId, scratchOrderId, personId, deviceId, victimDeviceId, idleDeviceId,
                    scratchDeviceId, panicAlarmId, proximityAlarmId, breachAlarmId, scratchAlarmId, reportId,
                    courtReportId, evidencePackageId));
            m.put("identity", List.of(personToken, dni));
            m.put("home", List.of(homeToken, num(homeLat), num(homeLon)));
            m.put("victim", List.of(victimToken, victimDni, victimPhone, num(victimLat), num(victimLon)));
            for (String cls : List.of("positions", "victim-positions", "breach-evidence")) {
                List<String> s = new ArrayList<>();
                for (double[] p : points.getOrDefault(cls, List.of())) {
                    s.add(num(p[0]));
                    s.add(num(p[1]));
                }
                m.put(cls, s);
            }
            return m;
        }

        /** The id or value a target kind names on this side (see rbac-matrix.csv). */
        public String id(String kind) {
            return switch (kind) {
                case "order" -> orderId;
                case "scratch-order" -> scratchOrderId;
                case "person" -> personId;
                case "device" -> deviceId;
                case "victim-device" -> victimDeviceId;
                case "idle-device" -> idleDeviceId;
                case "scratch-device" -> scratchDeviceId;
                case "alarm" -> panicAlarmId;
                case "proximity-alarm" -> proximityAlarmId;
                case "scratch-alarm" -> scratchAlarmId;
                case "report" -> reportId;
                case "court-report" -> courtReportId;
                case "evidence-package" -> evidencePackageId;
                case "scratch-authorisation" -> authorisationId;
                case "dni" -> dni;
                case "centre" -> centre;
                case "court" -> court;
                case "region" -> region;
                case "prosecutor" -> user(Role.PROSECUTOR, 1);
                case "home.lat" -> num(homeLat);
                case "home.lon" -> num(homeLon);
                default -> throw new IllegalArgumentException("unknown fixture kind " + kind);
            };
        }

        static String num(double v) {
            return String.valueOf(v);
        }

        private static String token() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
            }
            return sb.toString();
        }
    }

    // ------------------------------------------------------------------------------------------------ seeding

    private void seed(Side s) {
        Api admin = Api.as(port, "admin");
        created(admin.post("/api/v1/courts", Map.of("code", s.court, "name", "Juzgado de prueba " + s.court,
                "judicialDistrict", s.district, "region", s.region)), 201, 409);
        for (Role role : List.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.JUDGE, Role.PROSECUTOR, Role.POLICE,
                Role.AUDITOR)) {
            for (int n = 1; n <= 2; n++) {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("username", s.user(role, n));
                user.put("password", PASSWORD);
                user.put("role", role.name());
                user.put("fullName", role + " " + s.name + n + " (prueba)");
                user.put("email", s.user(role, n) + "@prueba.alterna.invalid");
                switch (role) {
                    case SUPERVISOR, POLICE -> user.put("region", s.region);
                    case OPERATOR -> user.put("monitoringCentre", s.centre);
                    case JUDGE -> user.put("courtCode", s.court);
                    default -> { }
                }
                created(admin.post("/api/v1/users", user), 201);
            }
        }
        created(admin.post("/api/v1/judges", Map.of("fullName", "Juez de prueba " + s.name, "courtCode", s.court,
                "username", s.user(Role.JUDGE, 1))), 201);

        Api supervisor = as(s.user(Role.SUPERVISOR, 1));
        s.dni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        double[] home = {s.coordinate(s.baseLat), s.coordinate(s.baseLon)};
        s.homeLat = home[0];
        s.homeLon = home[1];
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("dni", s.dni);
        person.put("givenNames", "Rosa " + s.personToken);
        person.put("surnames", "Quispe " + s.personToken);
        person.put("synthetic", true);
        person.put("domicile", Map.of("address", "Jr. " + s.homeToken + " 123", "lat", s.homeLat, "lon", s.homeLon));
        s.personId = created(supervisor.post("/api/v1/people", person), 201).json().get("id").asString();

        s.victimDni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        s.victimPhone = "+51 9" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        s.victimLat = s.coordinate(s.baseLat);
        s.victimLon = s.coordinate(s.baseLon);
        Map<String, Object> victim = new LinkedHashMap<>();
        victim.put("fullName", "Ana " + s.victimToken);
        victim.put("dni", s.victimDni);
        victim.put("phone", s.victimPhone);
        victim.put("address", "Av. " + s.victimToken + " 456");
        victim.put("lat", s.victimLat);
        victim.put("lon", s.victimLon);
        victim.put("synthetic", true);
        s.orderId = activeOrder(s, "PROTECTION_ORDER", victim);
        s.scratchOrderId = activeOrder(s, "PRETRIAL_RESTRICTION", null);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s.deviceId = device(s, "P");
        s.victimDeviceId = device(s, "V");
        s.idleDeviceId = device(s, "I");
        s.scratchDeviceId = device(s, "S");
        // installed a few minutes ago (within the tolerance a back-dated assignment is allowed): the fixes below are
        // taken while the units serve the order
        Instant installed = now.minusSeconds(14 * 60);
        assign(s, s.deviceId, s.orderId, "PERSON_UNIT", installed);
        assign(s, s.victimDeviceId, s.orderId, "VICTIM_UNIT", installed);
        assign(s, s.scratchDeviceId, s.scratchOrderId, "PERSON_UNIT", installed);

        AlarmIntake intake = context.getBean(AlarmIntake.class);
        s.proximityAlarmId = raise(intake, s, s.orderId, s.deviceId, "VICTIM_PROXIMITY", now.minusSeconds(1800),
                "positions");
        s.panicAlarmId = raise(intake, s, s.orderId, s.deviceId, "PANIC", now.minusSeconds(1200), "positions");
        s.breachAlarmId = raise(intake, s, s.orderId, s.deviceId, "STRAP_TAMPER", now.minusSeconds(900),
                "breach-evidence");
        s.scratchAlarmId = raise(intake, s, s.scratchOrderId, s.scratchDeviceId, "PANIC", now.minusSeconds(600),
                "positions");

        // the person's unit near home, the victim's unit far from them: no engine alarm of their own
        double[] p1 = s.point("positions");
        double[] p2 = s.point("positions");
        double[] v1 = s.point("victim-positions");
        try {
            context.getBean(BatchWriter.class).submit(List.of(fix(s.deviceId, now.minusSeconds(600), p1),
                    fix(s.deviceId, now.minusSeconds(300), p2), fix(s.victimDeviceId, now.minusSeconds(240), v1)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot store the fixture's fixes", e);
        }

        // the engine's own record of an alarm of the order, with its evidence (as live supervision stores it)
        double[] e = s.point("positions");
        context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class).sql("""
                insert into supervision_alarm_event (order_id, device_id, alarm_id, kind, type, zone, start_at, end_at,
                    raised_at, late, evidence, recorded_at) values (?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(UUID.fromString(s.orderId), s.deviceId, "EXCLUSION_ZONE/x/1", "RAISED", "EXCLUSION_ZONE", "x",
                        java.sql.Timestamp.from(now.minusSeconds(700)), null, java.sql.Timestamp.from(now.minusSeconds(700)),
                        false, "[{\"time\":\"" + now.minusSeconds(700) + "\",\"lat\":" + e[0] + ",\"lon\":" + e[1]
                                + ",\"accuracy\":6.0,\"source\":\"GPS\"}]", java.sql.Timestamp.from(now))
                .update();

        Api operator = as(s.user(Role.OPERATOR, 1));
        created(operator.post("/api/v1/alarms/" + s.breachAlarmId + "/acknowledgement", null), 200);
        created(operator.post("/api/v1/alarms/" + s.breachAlarmId + "/resolution", Map.of("code",
                "CONFIRMED_VIOLATION", "note", "Corte de correa confirmado (prueba)")), 200);
        s.reportId = as(s.user(Role.JUDGE, 1)).get("/api/v1/incident-reports").json().get(0).get("id").asString();

        var made = created(as(s.user(Role.JUDGE, 1)).post("/api/v1/orders/" + s.orderId + "/reports", Map.of()), 201)
                .json();
        s.courtReportId = made.get("report").get("id").asString();
        s.evidencePackageId = made.get("evidence").get("id").asString();

        s.authorisationId = String.valueOf(created(as(s.user(Role.JUDGE, 1)).post("/api/v1/orders/" + s.orderId
                + "/police-authorisations", Map.of("until", now.plusSeconds(86_400).toString(),
                "reason", "Operativo de búsqueda (prueba)")), 201).json().get("id").asLong());
    }

    private String activeOrder(Side s, String measure, Map<String, Object> victim) {
        Api supervisor = as(s.user(Role.SUPERVISOR, 1));
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("expediente", String.format("%05d-2026-1-1801-JR-PE-01",
                ThreadLocalRandom.current().nextInt(1, 99_999)));
        order.put("courtCode", s.court);
        order.put("measureType", measure);
        order.put("personId", s.personId);
        order.put("monitoringCentre", s.centre);
        order.put("prosecutor", s.user(Role.PROSECUTOR, 1));
        order.put("synthetic", true);
        if (victim != null) {
            order.put("victim", victim);
        }
        String id = created(supervisor.post("/api/v1/orders", order), 201).json().get("id").asString();
        String path = "/api/v1/orders/" + id;
        created(supervisor.post(path + "/viability-report", Map.of("gpsCoverage", "GOOD", "gsmCoverage", "GOOD",
                "addressVerified", true, "conclusion", "VIABLE")), 200);
        String today = LocalDate.now(LIMA).toString();
        String conditions = String.format(Locale.ROOT, """
                {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[%s,%s]},
                  "radiusMeters":300,"schedule":[{"days":["MON","TUE","WED","THU","FRI","SAT","SUN"],
                  "from":"02:00","to":"02:01"}]}]%s}""", s.homeLon, s.homeLat,
                victim == null ? "" : ",\"victimProximityMeters\":200");
        created(as(s.user(Role.JUDGE, 1)).post(path + "/resolution", """
                {"resolutionNumber":"RES-%s-%d","resolutionDate":"%s","startDate":"%s",
                 "effectiveFrom":"2020-01-01T00:00:00Z","conditions":%s}""".formatted(s.name.toUpperCase(Locale.ROOT),
                ThreadLocalRandom.current().nextInt(1000, 9999), today, today, conditions)), 200);
        Api operator = as(s.user(Role.OPERATOR, 1));
        created(operator.post(path + "/installation", Map.of("scheduledAt", Instant.now().toString())), 200);
        created(operator.post(path + "/activation", Map.of("note", "instalado (prueba)")), 200);
        return id;
    }

    private String device(Side s, String kind) {
        String id = "T" + s.name.toUpperCase(Locale.ROOT) + kind + "-" + Side.token();
        created(as(s.user(Role.SUPERVISOR, 1)).post("/api/v1/devices", Map.of("uniqueId", id,
                "model", "teltonika-ankle-tag", "protocol", "teltonika")), 201);
        return id;
    }

    private void assign(Side s, String device, String order, String role, Instant from) {
        created(as(s.user(Role.SUPERVISOR, 1)).post("/api/v1/devices/" + device + "/assignment",
                Map.of("orderId", order, "role", role, "from", from.toString())), 201);
    }

    private static String raise(AlarmIntake intake, Side s, String order, String device, String type, Instant start,
            String evidenceClass) {
        double[] p = s.point(evidenceClass);
        return intake.raise(new AlarmSignal(UUID.fromString(order), device, "teltonika-ankle-tag", type, null, start,
                start, false, List.of(new EvidenceFix(start, p[0], p[1], 8.0, "GPS")))).id().toString();
    }

    static Fix fix(String device, Instant at, double[] p) {
        return new Fix(device, at, null, p[0], p[1], 100.0, 0.0, 0.0, 9, 0.9, 6.0, true, Fix.PositionSource.GPS, 80,
                false, false, Fix.StrapState.CLOSED, Set.of(), Map.of());
    }

    /**
     * Pushes live events of both sides through the Spring events that feed the live feed: a position of each
     * person's unit and victim's unit, a merge into each side's open PANIC alarm and a new or merged LOW_BATTERY.
     */
    public void publishLiveEvents() {
        AlarmIntake intake = context.getBean(AlarmIntake.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (Side s : List.of(a, b)) {
            List<double[]> positions = s.points.get("positions");
            List<double[]> victim = s.points.get("victim-positions");
            context.publishEvent(new SupervisedPosition(UUID.fromString(s.orderId), "Rosa " + s.personToken, false,
                    s.court, s.region, s.centre, s.user(Role.PROSECUTOR, 1),
                    fix(s.deviceId, now, positions.get(positions.size() - 1))));
            context.publishEvent(new SupervisedPosition(UUID.fromString(s.orderId), "Rosa " + s.personToken, true,
                    s.court, s.region, s.centre, s.user(Role.PROSECUTOR, 1),
                    fix(s.victimDeviceId, now, victim.get(victim.size() - 1))));
            double[] panic = s.points.get("positions").get(0);
            intake.raise(new AlarmSignal(UUID.fromString(s.orderId), s.deviceId, null, "PANIC", null,
                    now.minusSeconds(1200), now, false, List.of(new EvidenceFix(now, panic[0], panic[1], 8.0, "GPS"))));
            intake.raise(new AlarmSignal(UUID.fromString(s.orderId), s.deviceId, null, "LOW_BATTERY", null,
                    now.minusSeconds(60), now, false, List.of()));
        }
    }

    // ------------------------------------------------------------------------------------------------ for scenarios

    /**
     * A new ACTIVE order of the side (a protection order with a victim when {@code victim}), for a test that changes
     * things: the shared objects of the side stay as the access matrix expects them.
     */
    public String newActiveOrder(Side s, boolean victim) {
        Map<String, Object> v = null;
        if (victim) {
            v = new LinkedHashMap<>();
            v.put("fullName", "Ana " + s.victimToken);
            v.put("dni", s.victimDni);
            v.put("phone", s.victimPhone);
            v.put("address", "Av. " + s.victimToken + " 456");
            v.put("lat", s.victimLat);
            v.put("lon", s.victimLon);
            v.put("synthetic", true);
        }
        return activeOrder(s, victim ? "PROTECTION_ORDER" : "PRETRIAL_RESTRICTION", v);
    }

    /** A new order of the side as a court requested it (REQUESTED: no measure yet). */
    public String newRequestedOrder(Side s) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("expediente", "00001-2026-1-1801-JR-PE-01");
        order.put("courtCode", s.court);
        order.put("measureType", "PRETRIAL_RESTRICTION");
        order.put("personId", s.personId);
        order.put("monitoringCentre", s.centre);
        order.put("synthetic", true);
        return created(as(s.user(Role.SUPERVISOR, 1)).post("/api/v1/orders", order), 201).json().get("id").asString();
    }

    /** A new device registered by the side's supervisor (held by the side's region). */
    public String newDevice(Side s) {
        return device(s, "X");
    }

    /** Raises an alarm on the order through the alarm desk's intake, its evidence at a new point of the class. */
    public String raise(Side s, String order, String device, String type, Instant start, String evidenceClass) {
        return raise(context.getBean(AlarmIntake.class), s, order, device, type, start, evidenceClass);
    }

    /** Stores fixes as the gateway does (the store, then supervision). */
    public void store(List<Fix> fixes) {
        try {
            context.getBean(BatchWriter.class).submit(fixes).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot store fixes", e);
        }
    }

    /** A valid GPS fix of the device at the point. */
    public static Fix fixAt(String device, Instant at, double[] point) {
        return fix(device, at, point);
    }

    private static Api.Response created(Api.Response r, int... expected) {
        List<Integer> ok = new ArrayList<>();
        for (int e : expected) {
            ok.add(e);
        }
        assertThat(r.status()).as(r.toString()).isIn(ok);
        return r;
    }
}
