package org.alterna.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The device registry and its API, on H2 and on PostgreSQL. */
class DeviceRegistryTest {
    private static final AtomicInteger N = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    abstract static class Contract {
        @Autowired
        DeviceRegistry registry;
        @Autowired
        JdbcClient jdbc;
        @LocalServerPort
        int port;

        String id() {
            return "dev-" + RUN + "-" + N.incrementAndGet();
        }

        long audits(String id, String action) {
            return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE record_id = ? AND action = ?").params(id, action)
                    .query(Long.class).single();
        }

        @Test
        void registersFindsAndCachesDevices() {
            String id = id();
            RegisteredDevice d = registry.register(id, "teltonika-default", "TELTONIKA");
            assertThat(d.protocol()).isEqualTo("teltonika");
            assertThat(registry.findActive(id)).contains(d);
            assertThat(registry.findActive(id)).contains(d);
            assertThat(registry.findActive("nope-" + id)).isEmpty();
            assertThatThrownBy(() -> registry.register(id, "x", "gt06")).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> registry.register("bad id!", "x", "gt06")).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> registry.register(id(), "x", "smoke")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("protocol");
            assertThat(audits(id, "device.register")).isEqualTo(1);
        }

        @Test
        void negativeLookupsAreInvalidatedByRegistration() {
            String id = id();
            assertThat(registry.findActive(id)).isEmpty();
            registry.register(id, "gt06-default", "gt06");
            assertThat(registry.findActive(id)).isPresent();
        }

        @Test
        void assignsUnassignsAndRetires() {
            String id = id();
            registry.register(id, "gt06-default", "gt06");
            UUID order = UUID.randomUUID();
            Assignment a = registry.assign(id, order, AssignmentRole.PERSON_UNIT, null, null);
            assertThat(registry.currentAssignment(id)).contains(a);
            assertThat(registry.assignmentsOf(order)).containsExactly(a);
            assertThatThrownBy(() -> registry.assign(id, UUID.randomUUID(), AssignmentRole.VICTIM_UNIT, null, null))
                    .isInstanceOf(ConflictException.class);
            Assignment ended = registry.unassign(id);
            assertThat(ended.until()).isNotNull();
            assertThat(registry.currentAssignment(id)).isEmpty();
            assertThatThrownBy(() -> registry.unassign(id)).isInstanceOf(ConflictException.class);
            // taken off, the unit awaits its return: it serves again only once back in stock
            assertThat(registry.find(id)).get().extracting(RegisteredDevice::status).isEqualTo(DeviceStatus.REMOVED);
            assertThatThrownBy(() -> registry.assign(id, order, AssignmentRole.VICTIM_UNIT, null, null))
                    .isInstanceOf(ConflictException.class);
            registry.move(id, DeviceStatus.IN_STOCK, "returned to the warehouse", null, null, "test");
            Assignment again = registry.assign(id, order, AssignmentRole.VICTIM_UNIT,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1), null);
            assertThat(registry.assignmentsOf(order)).hasSize(2);
            // a unit serving an order is removed before it is written off
            assertThatThrownBy(() -> registry.retire(id)).isInstanceOf(ConflictException.class);
            registry.unassign(id);
            registry.retire(id);
            assertThat(registry.findActive(id)).isEmpty();
            assertThat(registry.find(id)).get().extracting(RegisteredDevice::status).isEqualTo(DeviceStatus.RETIRED);
            assertThat(registry.assignmentsOfDevice(id)).allMatch(x -> x.until() != null);
            assertThat(again.id()).isNotEqualTo(a.id());
            assertThatThrownBy(() -> registry.assign(id, order, AssignmentRole.PERSON_UNIT, null, null))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> registry.retire("missing-" + id)).isInstanceOf(NotFoundException.class);
            assertThat(audits(id, "device.assign")).isEqualTo(2);
            assertThat(audits(id, "device.retire")).isEqualTo(1);
        }

        @Test
        void apiLetsAdminsAndSupervisorsManageAndOperatorsRead() {
            String id = id();
            Api admin = Api.as(port, "admin");
            Api operator = Api.as(port, "operator");
            Api judge = Api.as(port, "judge");
            assertThat(admin.post("/api/v1/devices", java.util.Map.of("uniqueId", id, "model", "gt06-default",
                    "protocol", "gt06")).status()).isEqualTo(201);
            assertThat(operator.post("/api/v1/devices", java.util.Map.of("uniqueId", id() , "model", "m",
                    "protocol", "gt06")).status()).isEqualTo(403);
            // in stock, held by no region (registered by the administrator): never the operators'
            assertThat(operator.get("/api/v1/devices/" + id).status()).isEqualTo(404);
            Api.Response read = admin.get("/api/v1/devices/" + id);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().get("status").asString()).isEqualTo("IN_STOCK");
            assertThat(judge.get("/api/v1/devices/" + id).status()).isEqualTo(403);
            assertThat(admin.get("/api/v1/devices/missing-" + id).status()).isEqualTo(404);
            Api.Response dup = admin.post("/api/v1/devices", java.util.Map.of("uniqueId", id, "model", "m", "protocol", "gt06"));
            assertThat(dup.status()).isEqualTo(409);
            Api.Response invalid = admin.post("/api/v1/devices", java.util.Map.of("uniqueId", id(), "model", "m", "protocol", "x"));
            assertThat(invalid.status()).isEqualTo(400);
            assertThat(invalid.json().get("field").asString()).isEqualTo("protocol");
            Api supervisor = Api.as(port, "supervisor");
            assertThat(supervisor.get("/api/v1/devices/" + id).status()).as("held by no region yet").isEqualTo(404);
            assertThat(admin.send("PATCH", "/api/v1/devices/" + id, java.util.Map.of("holdingRegion", "Lima"),
                    "application/json").json().get("holdingRegion").asString()).isEqualTo("Lima");
            Api.Response toNowhere = supervisor.post("/api/v1/devices/" + id + "/assignment",
                    java.util.Map.of("orderId", UUID.randomUUID().toString(), "role", "PERSON_UNIT"));
            assertThat(toNowhere.status()).as("an order that does not exist").isEqualTo(400);
            assertThat(toNowhere.json().get("field").asString()).isEqualTo("orderId");
            String order = org.alterna.testsupport.ActiveOrders.create(port, "PRETRIAL_RESTRICTION", "{}");
            Api.Response assigned = supervisor.post("/api/v1/devices/" + id + "/assignment",
                    java.util.Map.of("orderId", order, "role", "PERSON_UNIT"));
            assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
            assertThat(operator.get("/api/v1/devices?orderId=" + order).json().size()).isEqualTo(1);
            assertThat(operator.get("/api/v1/devices/" + id).status()).isEqualTo(200);
            assertThat(admin.send("PATCH", "/api/v1/devices/" + id, java.util.Map.of("model", "gt06-other"),
                    "application/json").json().get("model").asString()).isEqualTo("gt06-other");
            assertThat(supervisor.post("/api/v1/devices/" + id + "/unassign", null).status()).isEqualTo(200);
            assertThat(supervisor.post("/api/v1/devices/" + id + "/retire", null).json().get("status").asString())
                    .isEqualTo("RETIRED");
            assertThat(supervisor.get("/api/v1/devices?status=RETIRED&q=" + id).json().size()).isEqualTo(1);
            assertThat(operator.get("/api/v1/devices?status=RETIRED&q=" + id).json().size()).isZero();
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
