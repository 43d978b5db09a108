package org.alterna.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds courts, people and orders in any state, each with fresh codes so tests never collide. */
final class OrderFixtures {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Actor ADMIN = new Actor("admin", Role.ADMIN, null, null, null);
    static final String HOME_CONDITIONS = """
            { "zones": [ { "id": "home", "type": "INCLUSION",
                "geometry": { "type": "Point", "coordinates": [-77.0301, -12.1211] }, "radiusMeters": 120,
                "schedule": [ { "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "from": "20:00", "to": "06:00" } ] } ],
              "noCommunicationMinutes": 30, "lowBatteryPercent": 15 }""";

    private final OrderService orders;
    private final ReferenceService reference;

    OrderFixtures(OrderService orders, ReferenceService reference) {
        this.orders = orders;
        this.reference = reference;
    }

    /** Today in Lima, the zone in which resolution dates are checked. */
    static LocalDate today() {
        return LocalDate.now(java.time.ZoneId.of("America/Lima"));
    }

    static String unique() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    }

    static String dni() {
        return String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    Court court(String region) {
        return reference.createCourt(new Court("JIP-T-" + unique(), "Juzgado de prueba", "Lima", region));
    }

    Person person() {
        return reference.createPerson(new Person(null, dni(), "Juan", "Pérez Quispe", LocalDate.of(1990, 5, 1), "M",
                "999888777", null, new Person.Domicile("Av. Siempre Viva 123", -12.1211, -77.0301), true, null, null),
                ADMIN);
    }

    OrderView requested(Court court, String centre, String prosecutor) {
        return orders.create(new OrderService.NewOrder("00123-2026-1-1801-JR-PE-01", court.code(), null,
                "PRETRIAL_RESTRICTION", person().id(), null, null, court.region(), centre, prosecutor,
                null, null, true), ADMIN);
    }

    OrderView reported(OrderView o) {
        return orders.reportViability(o.id(), new OrderService.NewViabilityReport("GOOD", "GOOD", true, "ok",
                "VIABLE", today().minusDays(2)), ADMIN);
    }

    OrderView ordered(OrderView o, Instant effectiveFrom) {
        return orders.order(o.id(), new OrderService.OrderResolution("RES-1", today().minusDays(1), null,
                today().minusDays(1), today().plusMonths(6), effectiveFrom, json(HOME_CONDITIONS)), ADMIN);
    }

    OrderView active(Court court, String centre, String prosecutor) {
        OrderView o = ordered(reported(requested(court, centre, prosecutor)), null);
        orders.scheduleInstallation(o.id(), new OrderService.Installation(Instant.now(), null, null), ADMIN);
        return orders.activate(o.id(), new OrderService.Note("installed"), ADMIN);
    }
}
