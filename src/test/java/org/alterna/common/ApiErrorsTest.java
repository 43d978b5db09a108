package org.alterna.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bad input gets a 400 that names the parameter or field and says what it must be; nothing internal (SQL, parser or
 * exception text, class names, stack traces) reaches a response; every path and query input is length-limited; the
 * conditions of an order are limited in zones, routes and positions. On both databases.
 */
class ApiErrorsTest {
    /** What must never be in a response body. */
    static final List<String> INTERNAL = List.of("Exception", "exception", "tools.jackson", "java.", "org.",
            "SQL", "sql", "jdbc", "ERROR:", "at [Source", "\tat ", "Caused by", "constraint", "Hikari", "trace");

    static void assertNothingInternal(Api.Response r) {
        assertThat(r.body()).as(r.toString()).doesNotContain(INTERNAL.toArray(String[]::new));
    }

    static void assertNames(Api.Response r, int status, String field, String detail) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().has("field")).as(r.toString()).isTrue();
        assertThat(r.json().get("field").asString()).as(r.toString()).isEqualTo(field);
        assertThat(r.json().get("detail").asString()).as(r.toString()).contains(detail);
        assertNothingInternal(r);
    }

    abstract static class Contract {
        @LocalServerPort
        int port;

        @Test
        void unreadableBodiesSayWhereAndWhatWithoutTheParsersWords() {
            Api supervisor = Api.as(port, "supervisor");
            Api.Response malformed = supervisor.send("POST", "/api/v1/people", "{\"dni\": \"12345678\",", "application/json");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().get("detail").asString()).startsWith("malformed JSON at line 1");
            assertNothingInternal(malformed);

            Api.Response wrongType = supervisor.send("POST", "/api/v1/orders", """
                    {"expediente":"00123-2026-1-1801-JR-PE-01","courtCode":"JIP-LIMA-01","personId":"someone",
                     "measureType":"PRETRIAL_RESTRICTION"}""", "application/json");
            assertNames(wrongType, 400, "personId", "must be a UUID");
            Api.Response badDate = supervisor.send("POST", "/api/v1/orders", """
                    {"expediente":"00123-2026-1-1801-JR-PE-01","startDate":"tomorrow"}""", "application/json");
            assertNames(badDate, 400, "startDate", "must be a date yyyy-MM-dd");
            Api.Response notAnObject = supervisor.send("POST", "/api/v1/people", "[1,2]", "application/json");
            assertThat(notAnObject.status()).isEqualTo(400);
            assertNothingInternal(notAnObject);
        }

        @Test
        void parametersOfTheWrongTypeAreNamed() {
            Api operator = Api.as(port, "operator");
            assertNames(operator.get("/api/v1/orders/not-a-uuid"), 400, "id", "id: must be a UUID");
            assertNames(operator.get("/api/v1/orders?page=first"), 400, "page", "page: must be a whole number");
            assertNames(operator.get("/api/v1/alarms?orderId=%3Cscript%3E"), 400, "orderId", "must be a UUID");
            assertNames(Api.as(port, "supervisor").get("/api/v1/devices/359632001234567/track?from=2026-01-01T00:00:00Z"),
                    400, "to", "to: required");
        }

        @Test
        void everyPathAndQueryInputIsLengthLimited() {
            Api supervisor = Api.as(port, "supervisor");
            String longText = "x".repeat(201);
            assertNames(supervisor.get("/api/v1/devices?q=" + longText), 400, "q", "at most 200 characters");
            assertNames(supervisor.get("/api/v1/devices/" + longText), 400, "id", "at most 200 characters");
            assertNames(supervisor.get("/api/v1/people?dni=" + longText), 400, "dni", "at most 200 characters");
            assertNames(Api.as(port, "auditor").get("/api/v1/audit?recordId=" + longText), 400, "recordId",
                    "at most 200 characters");
            assertThat(supervisor.get("/api/v1/devices?" + longText + "=1").status()).isEqualTo(400);
            assertThat(Api.as(port, "auditor").get("/api/v1/audit?recordId=" + "x".repeat(200)).status()).isEqualTo(200);
        }

        @Test
        void aValueTheDatabaseCannotStoreIsBadInputWithoutItsSql() {
            // PostgreSQL refuses the NUL character in text; H2 stores it. Either way: no SQL and no 5xx.
            Api.Response r = Api.as(port, "supervisor").post("/api/v1/people", Map.of("dni", "40000001",
                    "givenNames", "A\u0000na", "surnames", "Nul", "synthetic", true));
            assertThat(r.status()).as(r.toString()).isLessThan(500);
            assertNothingInternal(r);
            if (r.status() == 400) {
                assertThat(r.json().get("detail").asString()).contains("could not be stored");
                assertThat(r.json().get("incident").asString()).hasSize(8);
            }
        }

        @Test
        void accountFieldsLongerThanTheirColumnsAreNamed() {
            Api.Response r = Api.as(port, "admin").post("/api/v1/users", Map.of("username", "long-name",
                    "password", "a long enough passphrase", "role", "AUDITOR", "fullName", "n".repeat(201)));
            assertNames(r, 400, "fullName", "at most 200 characters");
        }

        @Test
        void conditionsAreLimitedInZonesAndPositions() {
            String orderId = ActiveOrders.create(port, "HOUSE_ARREST", """
                    {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point",
                      "coordinates":[-77.03,-12.12]},"radiusMeters":100}]}""");
            Api judge = Api.as(port, "judge");
            StringBuilder zones = new StringBuilder();
            for (int i = 0; i < 51; i++) {
                zones.append(i == 0 ? "" : ",").append("""
                        {"id":"z%d","type":"EXCLUSION","geometry":{"type":"Point","coordinates":[-77.0,-12.0]},
                         "radiusMeters":50}""".formatted(i));
            }
            Api.Response tooMany = judge.post("/api/v1/orders/" + orderId + "/variations", """
                    {"resolutionNumber":"RES-9001","resolutionDate":"2026-01-05","conditions":{"zones":[%s]}}"""
                    .formatted(zones));
            assertNames(tooMany, 400, "conditions.zones", "at most 50 zones per order (got 51)");

            List<String> ring = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                double a = 2 * Math.PI * i / 1000;
                ring.add("[" + (-77.03 + 0.01 * Math.cos(a)) + "," + (-12.12 + 0.01 * Math.sin(a)) + "]");
            }
            ring.add(ring.get(0));
            Api.Response tooDetailed = judge.post("/api/v1/orders/" + orderId + "/variations", """
                    {"resolutionNumber":"RES-9002","resolutionDate":"2026-01-05","conditions":{"zones":[
                     {"id":"barrio","type":"INCLUSION","geometry":{"type":"Polygon","coordinates":[[%s]]}}]}}"""
                    .formatted(String.join(",", ring)));
            assertNames(tooDetailed, 400, "conditions.zones[0].geometry.coordinates",
                    "at most 1000 positions per zone (got 1001)");
            assertThat(judge.get("/api/v1/orders/" + orderId + "/variations").json().size())
                    .as("nothing stored").isEqualTo(1);
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Contract {
    }
}
