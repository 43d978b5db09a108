package org.alterna.simulation.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a server's REST API the way an administrator would, so that a fresh installation can be filled: registers
 * the simulated devices and creates, for each simulated person, a synthetic person and a judicial order whose zones
 * match that person's home (inclusion zone with the night curfew) and exclusion zone, taken through its lifecycle.
 * Authenticates once with HTTP Basic and then uses an API token (bcrypt is checked once, not per call).
 */
final class Registrar {
    static final ZoneId LIMA = ZoneId.of("America/Lima");
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;

    /** The lifecycle states an order can be left in, in funnel order. */
    static final List<String> FUNNEL = List.of("REQUESTED", "VIABILITY_REPORTED", "ORDERED", "INSTALLATION_SCHEDULED",
            "ACTIVE", "SUSPENDED", "COMPLETED", "REVOKED");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String authorization;
    private final Map<String, Long> judges = new LinkedHashMap<>();
    private List<Long> limaCentres;

    /** A response: status and body. */
    record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    Registrar(String base, String user, String password) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code http://USER:PASSWORD@HOST:PORT} (user and password percent-encoded if needed). */
    static Registrar fromUrl(String url) {
        URI uri = URI.create(url);
        String info = uri.getRawUserInfo();
        if (info == null || !info.contains(":")) {
            throw new IllegalArgumentException("--register needs credentials: http://USER:PASSWORD@HOST:PORT");
        }
        String user = URLDecoder.decode(info.substring(0, info.indexOf(':')), StandardCharsets.UTF_8);
        String password = URLDecoder.decode(info.substring(info.indexOf(':') + 1), StandardCharsets.UTF_8);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        return new Registrar(uri.getScheme() + "://" + uri.getHost() + ":" + port, user, password);
    }

    String host() {
        return URI.create(base).getHost();
    }

    /** Exchanges the Basic credentials for an API token valid one day. */
    Registrar login() {
        Response r = call("POST", "/api/v1/tokens", Map.of("name", "alterna-fleet", "validDays", 1));
        if (!r.ok()) {
            throw new IllegalStateException("cannot log in to " + base + ": " + r);
        }
        authorization = "Bearer " + r.json().get("token").stringValue();
        return this;
    }

    Response call(String method, String path, Object body) {
        return send(method, path, body, "application/json");
    }

    Response send(String method, String path, Object body, String contentType) {
        return exchange(request(method, path, body, contentType), path);
    }

    /** A GET of a non-JSON resource (e.g. {@code /actuator/prometheus}, text). */
    Response getText(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "text/plain").GET().build(), path);
    }

    private Response exchange(HttpRequest request, String path) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String method, String path, Object body, String contentType) {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                .header("Authorization", authorization).header("Accept", "application/json");
        if (text != null) {
            b.header("Content-Type", contentType);
        }
        return b.build();
    }

    // ------------------------------------------------------------------------------------------ devices

    /** Registers the devices (201, or 409 when already registered), {@code parallel} requests at a time. */
    int registerDevices(List<String[]> imeiAndProtocol, int parallel) {
        Semaphore permits = new Semaphore(parallel);
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (String[] d : imeiAndProtocol) {
            permits.acquireUninterruptibly();
            // the demo fleet is Lima's: held by that region while in stock
            Map<String, Object> body = Map.of("uniqueId", d[0], "model", Simulator.MODELS.get(d[1]), "protocol", d[1],
                    "holdingRegion", "Lima");
            all.add(http.sendAsync(request("POST", "/api/v1/devices", body, "application/json"),
                    HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                        permits.release();
                        if (e != null) {
                            throw new IllegalStateException("cannot register " + d[0] + ": " + e.getMessage(), e);
                        }
                        if (r.statusCode() != 201 && r.statusCode() != 409) {
                            throw new IllegalStateException("cannot register " + d[0] + ": " + r.statusCode() + " "
                                    + r.body());
                        }
                        return r.statusCode() == 201 ? 1 : 0;
                    }));
        }
        return all.stream().mapToInt(CompletableFuture::join).sum();
    }

    void registerDevice(String imei, String protocol) {
        Response r = call("POST", "/api/v1/devices", Map.of("uniqueId", imei, "model", Simulator.MODELS.get(protocol),
                "protocol", protocol, "holdingRegion", "Lima"));
        if (r.status() != 201 && r.status() != 409) {
            throw new IllegalStateException("cannot register device " + imei + ": " + r);
        }
    }

    // ------------------------------------------------------------------------------------------ reference data

    /** Creates the court if it does not exist; the name carries "(sintético)". */
    void ensureCourt(String code, String name) {
        if (call("GET", "/api/v1/courts/" + code, null).status() == 200) {
            return;
        }
        Response r = call("POST", "/api/v1/courts", Map.of("code", code, "name", name + " (sintético)",
                "judicialDistrict", "Lima", "region", "Lima"));
        if (!r.ok() && r.status() != 409) {
            throw new IllegalStateException("cannot create court " + code + ": " + r);
        }
    }

    /** The first judge of the court, created (synthetic, linked to {@code username}) when there is none. */
    Long ensureJudge(String court, String fullName, String username) {
        Long known = judges.get(court);
        if (known != null) {
            return known;
        }
        Response list = call("GET", "/api/v1/judges?court=" + court, null);
        if (list.ok() && list.json().size() > 0) {
            long id = list.json().get(0).get("id").longValue();
            judges.put(court, id);
            return id;
        }
        if (fullName == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fullName", fullName + " (sintético)");
        body.put("courtCode", court);
        if (username != null) {
            body.put("username", username);
        }
        Response r = call("POST", "/api/v1/judges", body);
        if (!r.ok() && username != null) {
            body.remove("username");
            r = call("POST", "/api/v1/judges", body);
        }
        if (!r.ok()) {
            throw new IllegalStateException("cannot create judge for " + court + ": " + r);
        }
        long id = r.json().get("id").longValue();
        judges.put(court, id);
        return id;
    }

    private Long limaCentre(int index) {
        if (limaCentres == null) {
            limaCentres = new ArrayList<>();
            Response r = call("GET", "/api/v1/penal-centres", null);
            if (r.ok()) {
                for (JsonNode c : r.json().get("centres")) {
                    if ("Lima".equalsIgnoreCase(c.path("department").asString("")) && c.hasNonNull("id")) {
                        limaCentres.add(c.get("id").longValue());
                    }
                }
            }
        }
        return limaCentres.isEmpty() ? null : limaCentres.get(Math.floorMod(index, limaCentres.size()));
    }

    // ------------------------------------------------------------------------------------------ people and orders

    /** Court of the person's order: the two demo courts alternate. */
    static String courtOf(SimulatedPerson p) {
        return p.index % 2 == 0 ? "JIP-LIMA-01" : "JIP-LIMA-02";
    }

    /**
     * Creates the synthetic person and an order matching the simulated person's zones, taken to {@code status}
     * (one of {@link #FUNNEL}); in ACTIVE and SUSPENDED the device (and the victim's unit) is assigned. Returns the
     * order id, or null when the person already existed (nothing is created twice).
     */
    String createCase(SimulatedPerson p, String status, String personImei, String victimImei, LocalDate today) {
        return createCase(p, status, personImei, victimImei, today, conditions(p));
    }

    /** As {@link #createCase(SimulatedPerson, String, String, String, LocalDate)}, with the given conditions (JSON). */
    String createCase(SimulatedPerson p, String status, String personImei, String victimImei, LocalDate today,
            String conditions) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("dni", p.dni());
        person.put("givenNames", p.givenNames);
        person.put("surnames", p.surnames + " (sintético)");
        person.put("birthDate", LocalDate.of(1965 + Math.floorMod(p.index * 7, 40), 1 + Math.floorMod(p.index, 12),
                1 + Math.floorMod(p.index * 3, 28)).toString());
        person.put("sex", Math.floorMod(p.index, 5) == 0 ? "F" : "M");
        person.put("phone", String.format("9%08d", Math.floorMod(p.index * 7919L + p.seed, 100_000_000L)));
        person.put("synthetic", true);
        person.put("domicile", Map.of("address", p.address + " (sintético)", "lat", round6(p.homeLat()),
                "lon", round6(p.homeLon())));
        Response created = call("POST", "/api/v1/people", person);
        if (created.status() == 409) {
            return null;
        }
        require(created, "person " + p.dni());
        String personId = created.json().get("id").stringValue();
        String court = courtOf(p);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("expediente", expediente(p, today));
        order.put("courtCode", court);
        Long judge = judges.get(court);
        if (judge != null) {
            order.put("judgeId", judge);
        }
        order.put("measureType", p.measure);
        order.put("personId", personId);
        if (p.victim) {
            Map<String, Object> victim = new LinkedHashMap<>();
            victim.put("fullName", "Víctima " + (p.index + 1) + " (sintético)");
            victim.put("dni", String.format("8%07d", Math.floorMod(p.seed * 7919 + p.index, 10_000_000L)));
            victim.put("address", "Domicilio de la víctima, Lima (sintético)");
            victim.put("lat", round6(p.lat(p.exclusion[1])));
            victim.put("lon", round6(p.lon(p.exclusion[0])));
            if (victimImei != null) {
                victim.put("deviceId", victimImei);
            }
            victim.put("synthetic", true);
            order.put("victim", victim);
        }
        if (List.of("SENTENCE_CONVERSION", "SEMI_LIBERTAD", "LIBERACION_CONDICIONAL").contains(p.measure)) {
            Long centre = limaCentre(p.index);
            if (centre != null) {
                order.put("penalCentreId", centre);
            }
        }
        order.put("region", "Lima");
        order.put("monitoringCentre", "CM-LIMA");
        order.put("prosecutor", "prosecutor");
        LocalDate start = today.minusDays(10 + Math.floorMod(p.index * 13, 150));
        order.put("startDate", start.toString());
        order.put("endDate", start.plusMonths(6 + Math.floorMod(p.index, 18)).toString());
        order.put("synthetic", true);
        Response o = call("POST", "/api/v1/orders", order);
        require(o, "order of " + p.dni());
        String id = o.json().get("id").stringValue();
        int target = FUNNEL.indexOf(status);
        String path = "/api/v1/orders/" + id;
        if (target >= 1) {
            require(call("POST", path + "/viability-report", Map.of("gpsCoverage", "GOOD", "gsmCoverage",
                    p.index % 3 == 0 ? "WEAK" : "GOOD", "addressVerified", true, "conclusion", "VIABLE",
                    "observations", "Informe de viabilidad técnica (sintético)", "reportDate",
                    start.minusDays(7).toString())), "viability report");
        }
        if (target >= 2) {
            Map<String, Object> resolution = new LinkedHashMap<>();
            resolution.put("resolutionNumber", "RES-" + (p.index + 1) + "-" + start.getYear());
            resolution.put("resolutionDate", start.minusDays(2).toString());
            resolution.put("startDate", start.toString());
            resolution.put("conditions", JSON.readTree(conditions));
            require(call("POST", path + "/resolution", resolution), "resolution");
        }
        if (target >= 3) {
            require(call("POST", path + "/installation", Map.of("scheduledAt",
                    start.atTime(10, 0).atZone(LIMA).toInstant().toString(), "monitoringCentre", "CM-LIMA",
                    "note", "Instalación programada (sintético)")), "installation");
        }
        if (target >= 4) {
            require(call("POST", path + "/activation", Map.of("note", "Dispositivo instalado (sintético)")),
                    "activation");
            if (personImei != null) {
                assign(personImei, id, "PERSON_UNIT");
            }
            if (victimImei != null) {
                assign(victimImei, id, "VICTIM_UNIT");
            }
        }
        String resolution = "RES-" + (p.index + 1) + "-" + today.getYear() + "-B";
        switch (status) {
            case "SUSPENDED" -> require(call("POST", path + "/suspension", Map.of("resolutionNumber", resolution,
                    "resolutionDate", today.toString(), "note", "Suspensión temporal por salud (sintético)")),
                    "suspension");
            case "COMPLETED" -> require(call("POST", path + "/completion", Map.of("note",
                    "Plazo cumplido (sintético)")), "completion");
            case "REVOKED" -> {
                require(call("POST", path + "/warnings", Map.of("resolutionNumber", resolution + "1",
                        "resolutionDate", today.toString(), "text", "Se le amonesta por salir en horario de"
                                + " permanencia (sintético)")), "warning");
                require(call("POST", path + "/revocation", Map.of("resolutionNumber", resolution,
                        "resolutionDate", today.toString(), "note", "Incumplimiento reiterado (sintético)")),
                        "revocation");
            }
            default -> { }
        }
        return id;
    }

    private void assign(String imei, String orderId, String role) {
        Response r = call("POST", "/api/v1/devices/" + imei + "/assignment", Map.of("orderId", orderId, "role", role));
        if (!r.ok() && r.status() != 409) {
            throw new IllegalStateException("cannot assign " + imei + ": " + r);
        }
    }

    /** The order's conditions: home with the curfew (house arrest: always), the exclusion zone, victim distance. */
    static String conditions(SimulatedPerson p) {
        return conditions(p, 30);
    }

    /** As {@link #conditions(SimulatedPerson)}, with contact required every {@code noCommunicationMinutes}. */
    static String conditions(SimulatedPerson p, int noCommunicationMinutes) {
        tools.jackson.databind.node.ObjectNode c = JSON.createObjectNode();
        tools.jackson.databind.node.ArrayNode zones = c.putArray("zones");
        tools.jackson.databind.node.ObjectNode home = zones.addObject().put("id", "home").put("type", "INCLUSION");
        point(home, p.homeLon(), p.homeLat(), p.homeRadius);
        if (!p.houseArrest) {
            tools.jackson.databind.node.ObjectNode curfew = home.putArray("schedule").addObject();
            tools.jackson.databind.node.ArrayNode days = curfew.putArray("days");
            List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN").forEach(days::add);
            curfew.put("from", String.format(Locale.ROOT, "%02d:00", p.curfewFrom / 3600))
                    .put("to", String.format(Locale.ROOT, "%02d:00", p.curfewTo / 3600));
        }
        tools.jackson.databind.node.ObjectNode away = zones.addObject().put("id", p.exclusionId)
                .put("type", "EXCLUSION");
        point(away, p.lon(p.exclusion[0]), p.lat(p.exclusion[1]), p.exclusionRadius);
        if (p.victim) {
            c.put("victimProximityMeters", 500);
        }
        c.put("noCommunicationMinutes", noCommunicationMinutes).put("lowBatteryPercent", 15);
        c.putObject("chargingWindow").put("from", "21:30").put("to", "23:30");
        return JSON.writeValueAsString(c);
    }

    /** A circle zone's geometry, coordinates to the 6th decimal (about 0.1 m) and the radius to the metre. */
    private static void point(tools.jackson.databind.node.ObjectNode zone, double lon, double lat, double radius) {
        zone.putObject("geometry").put("type", "Point").putArray("coordinates").add(sixDecimals(lon))
                .add(sixDecimals(lat));
        zone.put("radiusMeters", Math.round(radius));
    }

    private static java.math.BigDecimal sixDecimals(double v) {
        return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_UP);
    }

    static String expediente(SimulatedPerson p, LocalDate today) {
        int year = today.getYear() - Math.floorMod(p.index, 2);
        return String.format(Locale.ROOT, "%05d-%d-%d-1801-JR-PE-%02d", Math.floorMod(p.index, 99_999) + 1, year,
                Math.floorMod(p.seed, 900) + 1, p.index % 2 == 0 ? 1 : 2);
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static void require(Response r, String what) {
        if (!r.ok()) {
            throw new IllegalStateException("cannot create " + what + ": " + r);
        }
    }

    /** Creates courts, judges and, per person unit, a person and an ACTIVE order with its devices assigned. */
    int activeCases(List<Tag> tags, LocalDate today) {
        ensureCourt("JIP-LIMA-01", "1.er Juzgado de Investigación Preparatoria de Lima");
        ensureCourt("JIP-LIMA-02", "2.º Juzgado de Investigación Preparatoria de Lima");
        ensureJudge("JIP-LIMA-01", "Dr. Alberto Ríos Valdivia", "judge");
        ensureJudge("JIP-LIMA-02", "Dra. Carmen Salas Huertas", "judge2");
        int n = 0;
        for (int i = 0; i < tags.size(); i++) {
            Tag t = tags.get(i);
            if (t.victimUnit) {
                continue;
            }
            String victimImei = i + 1 < tags.size() && tags.get(i + 1).victimUnit ? tags.get(i + 1).imei : null;
            if (createCase(t.person, "ACTIVE", t.imei, victimImei, today) != null) {
                n++;
            }
        }
        return n;
    }
}
