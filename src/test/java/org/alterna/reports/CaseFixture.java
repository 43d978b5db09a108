package org.alterna.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.alarms.Alarm;
import org.alterna.alarms.AlarmIntake;
import org.alterna.alarms.AlarmSignal;
import org.alterna.alarms.EvidenceFix;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A monitored case made the way the system makes it: an order created, ordered and activated through the API, its
 * device assigned, then its history moved two days back so that there is a period to report on; positions stored
 * for those two days (one a minute, a walk out of the home zone, a silence of two hours, the battery running low and
 * charged), and two heartbeats without a position (the strap cut, a cut of main power); the engine's alarms handed
 * to the alarm desk and handled by the operator through the API.
 */
public final class CaseFixture {
    public static final String HOME_CONDITIONS = """
            {"zones":[{"id":"casa","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
              "radiusMeters":150,"schedule":[{"days":["MON","TUE","WED","THU","FRI","SAT","SUN"],"from":"20:00","to":"06:00"}]},
             {"id":"colegio","type":"EXCLUSION","geometry":{"type":"Polygon","coordinates":[[[-77.020,-12.110],
              [-77.016,-12.110],[-77.016,-12.107],[-77.020,-12.107],[-77.020,-12.110]]]}}],
             "noCommunicationMinutes":30,"noFixMinutes":60,"lowBatteryPercent":15}""";
    /** The home's BLE beacon, as the tag reports it in its positions' raw values while it hears it. */
    public static final String BEACON = "ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:7";
    static final double HOME_LAT = -12.12;
    static final double HOME_LON = -77.03;

    public final String orderId;
    public final String device;
    public final Instant start;
    public final Instant end;
    public final int fixes;
    public final String breachAlarm;
    public final String batteryAlarm;
    final Instant breachStart;
    /** When the unit reported its strap cut in a heartbeat (a message without a position). */
    public final Instant strapCut;
    /** When the unit reported a cut of main power in a heartbeat. */
    public final Instant powerCut;

    private CaseFixture(String orderId, String device, Instant start, Instant end, int fixes, String breachAlarm,
            String batteryAlarm, Instant breachStart, Instant strapCut, Instant powerCut) {
        this.orderId = orderId;
        this.device = device;
        this.start = start;
        this.end = end;
        this.fixes = fixes;
        this.breachAlarm = breachAlarm;
        this.batteryAlarm = batteryAlarm;
        this.breachStart = breachStart;
        this.strapCut = strapCut;
        this.powerCut = powerCut;
    }

    public static CaseFixture create(int port, JdbcTemplate jdbc, AlarmIntake intake) {
        String id = ActiveOrders.create(port, "HOUSE_ARREST", HOME_CONDITIONS);
        String device = ActiveOrders.device(port, id, "PERSON_UNIT");
        Api.Response assigned = Api.as(port, "supervisor").put("/api/v1/orders/" + id + "/assignment",
                Map.of("monitoringCentre", "CM-LIMA", "prosecutor", "prosecutor"));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        UUID order = UUID.fromString(id);
        // two days of history: the lifecycle and the device assignment moved back
        jdbc.update("UPDATE order_transition SET occurred_at = occurred_at - INTERVAL '2' DAY WHERE order_id = ?", order);
        jdbc.update("UPDATE device_assignment SET valid_from = valid_from - INTERVAL '2' DAY WHERE order_id = ?", order);
        Instant activated = jdbc.queryForObject("SELECT MAX(occurred_at) FROM order_transition WHERE order_id = ? AND "
                + "to_status = 'ACTIVE'", Timestamp.class, order).toInstant();
        Instant start = activated.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        List<Object[]> rows = new ArrayList<>();
        // the walk out happens at 23:00 in Lima, inside the home zone's 20:00-06:00 schedule
        ZonedDateTime local = start.plus(Duration.ofHours(4)).atZone(ZoneId.of("America/Lima"));
        ZonedDateTime night = local.withHour(23).withMinute(0);
        Instant breachStart = (night.isBefore(local) ? night.plusDays(1) : night).toInstant();
        Instant breachEnd = breachStart.plus(Duration.ofMinutes(25));
        Instant silenceStart = breachStart.plus(Duration.ofHours(10));
        Instant silenceEnd = silenceStart.plus(Duration.ofHours(2));
        List<EvidenceFix> evidence = new ArrayList<>();
        int i = 0;
        for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(1)), i++) {
            if (!t.isBefore(silenceStart) && t.isBefore(silenceEnd)) {
                continue;
            }
            double lat = HOME_LAT + 0.0001 * Math.sin(i / 7.0);
            double lon = HOME_LON + 0.0001 * Math.cos(i / 5.0);
            if (!t.isBefore(breachStart) && t.isBefore(breachEnd)) {
                long m = Duration.between(breachStart, t).toMinutes();
                double away = Math.min(m, 25 - m) * 0.0006; // out and back, up to ~800 m
                lat += away;
                lon += away * 0.6;
                if (evidence.size() < 4 && m >= 4) {
                    evidence.add(new EvidenceFix(t, lat, lon, 9.0, "GPS"));
                }
            }
            long hour = Duration.between(start, t).toHours();
            int battery = (int) Math.max(3, 100 - (hour % 24) * 4);
            boolean charging = hour % 24 >= 23;
            String source = i % 40 == 0 ? "LBS" : "GPS";
            // at home the tag hears the home's beacon (it names it in the position's raw values); out, it does not
            boolean out = !t.isBefore(breachStart) && t.isBefore(breachEnd);
            String io = out ? null : "{\"beacon.id\":\"" + BEACON + "\",\"beacon.rssi\":" + (-60 - i % 9) + "}";
            rows.add(new Object[] {device, Timestamp.from(t), Timestamp.from(t.plusSeconds(2)), lat, lon,
                    source.equals("GPS") ? 8.0 + i % 15 : 450.0, true, source, battery, charging, "CLOSED", io});
        }
        jdbc.batchUpdate("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude, accuracy_m, "
                + "valid, source, battery_percent, charging, strap, io) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows);
        // two GT06 heartbeats as the gateway stores them (no position): the strap cut (alarm code 0x13, the device's
        // tamper flag) and a cut of main power; the positions after them say the strap is closed and carry no flag.
        // Negative log numbers: rows not written by the store are not in the record log (not supervised again).
        Instant strapCut = breachStart.plus(Duration.ofHours(3)).plusSeconds(20);
        Instant powerCut = breachStart.plus(Duration.ofHours(5)).plusSeconds(20);
        long seq = Math.min(0, jdbc.queryForObject("SELECT COALESCE(MIN(seq), 0) FROM device_event", Long.class)) - 1;
        jdbc.batchUpdate("INSERT INTO device_event (seq, device_id, device_time, server_time, kind, alarms, io) VALUES "
                + "(?,?,?,?,?,?,?)", List.of(
                        new Object[] {seq, device, Timestamp.from(strapCut), Timestamp.from(strapCut.plusSeconds(1)),
                                "heartbeat", "TAMPER", "{\"type\":\"heartbeat\",\"alarmCode\":19}"},
                        new Object[] {seq - 1, device, Timestamp.from(powerCut), Timestamp.from(powerCut.plusSeconds(1)),
                                "heartbeat", "POWER_CUT", "{\"type\":\"heartbeat\",\"alarmCode\":2}"}));

        Alarm breach = intake.raise(new AlarmSignal(order, device, "teltonika-ankle-tag", "INCLUSION_ZONE", "casa",
                breachStart.plus(Duration.ofMinutes(2)), breachStart.plus(Duration.ofMinutes(5)), false, evidence));
        intake.conditionCleared(order, "INCLUSION_ZONE", "casa", breachEnd);
        Alarm battery = intake.raise(new AlarmSignal(order, device, "teltonika-ankle-tag", "LOW_BATTERY", null,
                breachStart.plus(Duration.ofHours(1)), breachStart.plus(Duration.ofHours(1)), false, List.of()));
        Api operator = Api.as(port, "operator");
        for (Alarm a : List.of(breach, battery)) {
            Api.Response ack = operator.post("/api/v1/alarms/" + a.id() + "/acknowledgement", "{}");
            assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
        }
        Api.Response step = operator.post("/api/v1/alarms/" + breach.id() + "/steps/call-person",
                Map.of("note", "no contesta"));
        assertThat(step.status()).as(step.toString()).isIn(200, 201);
        Api.Response resolved = operator.post("/api/v1/alarms/" + breach.id() + "/resolution", Map.of("code",
                "CONFIRMED_VIOLATION", "note", "Salió de su domicilio 25 minutos durante el horario de permanencia"));
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        Api.Response technical = operator.post("/api/v1/alarms/" + battery.id() + "/resolution", Map.of("code",
                "TECHNICAL", "note", "cargó al llegar a casa"));
        assertThat(technical.status()).as(technical.toString()).isEqualTo(200);
        return new CaseFixture(id, device, start, end, rows.size(), breach.id().toString(), battery.id().toString(),
                breachStart, strapCut, powerCut);
    }

    /** GET as a demo user, the raw bytes. */
    public static HttpResponse<byte[]> getBytes(int port, String user, String path) {
        return send(port, user, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    public static HttpResponse<byte[]> postBytes(int port, String user, String path, byte[] body, String type) {
        return send(port, user, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<byte[]> send(int port, String user, HttpRequest.Builder b) {
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
