package org.alterna.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Orders, their versions, history, scope and reference data, stored in H2 and in PostgreSQL. */
class OrderStoreTest {

    @RecordApplicationEvents
    abstract static class Contract {
        @Autowired OrderService service;
        @Autowired ReferenceService reference;
        @Autowired PenalCentreImport importer;
        @Autowired Orders orders;
        @Autowired OrderScope scope;
        @Autowired JdbcClient jdbc;
        @Autowired ApplicationEvents events;
        OrderFixtures fx;

        @BeforeEach
        void fixtures() {
            fx = new OrderFixtures(service, reference);
        }

        long count(String table) {
            return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
        }

        @Test
        void aWholeLifecycleIsRecordedPublishedAndAudited() {
            Court court = fx.court("Lima");
            OrderView o = fx.active(court, "CM-LIMA", null);
            service.suspend(o.id(), new OrderService.ResolutionNote("RES-2", OrderFixtures.today(), "hospital"), OrderFixtures.ADMIN);
            service.resume(o.id(), new OrderService.ResolutionNote("RES-3", OrderFixtures.today(), null), OrderFixtures.ADMIN);
            service.warn(o.id(), new OrderService.NewWarning("RES-4", OrderFixtures.today(), "Se le amonesta"), OrderFixtures.ADMIN);
            OrderView revoked = service.revoke(o.id(), new OrderService.ResolutionNote("RES-5", OrderFixtures.today(), "breach"),
                    OrderFixtures.ADMIN);

            assertThat(revoked.status()).isEqualTo(OrderStatus.REVOKED);
            assertThat(revoked.resolutionNumber()).isEqualTo("RES-1");
            assertThat(revoked.conditionsVersion()).isEqualTo(1);
            assertThat(revoked.personDni()).hasSize(8);
            List<OrderRepository.HistoryEntry> history = service.history(o.id(), OrderFixtures.ADMIN);
            assertThat(history).extracting(OrderRepository.HistoryEntry::to).containsExactly(OrderStatus.REQUESTED,
                    OrderStatus.VIABILITY_REPORTED, OrderStatus.ORDERED, OrderStatus.INSTALLATION_SCHEDULED,
                    OrderStatus.ACTIVE, OrderStatus.SUSPENDED, OrderStatus.ACTIVE, OrderStatus.REVOKED);
            assertThat(history.get(7).resolutionNumber()).isEqualTo("RES-5");
            assertThat(history.get(7).by()).isEqualTo("admin");
            assertThat(events.stream(OrderStatusChanged.class).filter(e -> e.orderId().equals(o.id())))
                    .extracting(OrderStatusChanged::to).containsExactly(OrderStatus.REQUESTED,
                            OrderStatus.VIABILITY_REPORTED, OrderStatus.ORDERED, OrderStatus.INSTALLATION_SCHEDULED,
                            OrderStatus.ACTIVE, OrderStatus.SUSPENDED, OrderStatus.ACTIVE, OrderStatus.REVOKED);
            assertThat(events.stream(OrderConditionsVaried.class).filter(e -> e.orderId().equals(o.id()))).hasSize(1);
            assertThat(events.stream(Audited.class).filter(a -> o.id().toString().equals(a.recordId()))
                    .map(Audited::action)).contains("order.create", "order.viability-report", "order.resolution",
                    "order.conditions", "order.activate", "order.warning", "order.revoke");
            assertThat(service.warnings(o.id(), OrderFixtures.ADMIN)).singleElement()
                    .satisfies(w -> assertThat(w.text()).isEqualTo("Se le amonesta"));
            assertThat(service.viabilityReports(o.id(), OrderFixtures.ADMIN)).singleElement()
                    .satisfies(r -> assertThat(r.gpsCoverage()).isEqualTo(ViabilityReport.Coverage.GOOD));
            assertThat(orders.find(o.id())).get().extracting(OrderView::status).isEqualTo(OrderStatus.REVOKED);
        }

        @Test
        void activatingTwiceIsAConflictAndChangesNothing() {
            OrderView o = fx.active(fx.court("Lima"), "CM-LIMA", null);
            long transitions = count("order_transition");
            assertThatThrownBy(() -> service.activate(o.id(), null, OrderFixtures.ADMIN))
                    .isInstanceOf(ConflictException.class).hasMessage("order 00123-2026-1-1801-JR-PE-01 is ACTIVE; it cannot be activated again");
            assertThat(count("order_transition")).isEqualTo(transitions);
            assertThat(orders.active()).extracting(OrderView::id).contains(o.id());
        }

        @Test
        void conditionsAsOfPickTheVersionInForce() {
            OrderView o = fx.ordered(fx.reported(fx.requested(fx.court("Lima"), "CM-LIMA", null)),
                    Instant.parse("2026-03-01T05:00:00Z"));
            service.vary(o.id(), new OrderService.Variation("RES-V2", OrderFixtures.today(), Instant.parse("2026-04-01T05:00:00Z"),
                    OrderFixtures.json("{\"noCommunicationMinutes\":45}")), OrderFixtures.ADMIN);
            service.vary(o.id(), new OrderService.Variation("RES-V3", OrderFixtures.today(), Instant.parse("2026-05-01T05:00:00Z"),
                    OrderFixtures.json("{\"noCommunicationMinutes\":60}")), OrderFixtures.ADMIN);

            assertThatThrownBy(() -> orders.conditionsAsOf(o.id(), Instant.parse("2026-02-28T00:00:00Z")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(orders.conditionsAsOf(o.id(), Instant.parse("2026-03-01T05:00:00Z")).version()).isEqualTo(1);
            assertThat(orders.conditionsAsOf(o.id(), Instant.parse("2026-03-15T00:00:00Z")).conditions().zones())
                    .extracting(Conditions.Zone::id).containsExactly("home");
            ConditionsVersion between = orders.conditionsAsOf(o.id(), Instant.parse("2026-04-20T00:00:00Z"));
            assertThat(between.version()).isEqualTo(2);
            assertThat(between.resolutionNumber()).isEqualTo("RES-V2");
            assertThat(between.conditions().noCommunicationMinutes()).isEqualTo(45);
            assertThat(orders.conditionsAsOf(o.id(), Instant.parse("2027-01-01T00:00:00Z")).conditions()
                    .noCommunicationMinutes()).isEqualTo(60);
            assertThat(orders.versions(o.id())).extracting(ConditionsVersion::version).containsExactly(1, 2, 3);
            assertThat(events.stream(OrderConditionsVaried.class).filter(e -> e.orderId().equals(o.id())))
                    .extracting(OrderConditionsVaried::version).containsExactly(1, 2, 3);

            assertThatThrownBy(() -> service.vary(o.id(), new OrderService.Variation("RES-V4", OrderFixtures.today(),
                    Instant.parse("2026-04-15T00:00:00Z"), OrderFixtures.json("{}")), OrderFixtures.ADMIN))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("effectiveFrom: must not be before");
            assertThat(orders.versions(o.id())).hasSize(3);
        }

        @Test
        void invalidConditionsWriteNothing() {
            OrderView o = fx.reported(fx.requested(fx.court("Lima"), "CM-LIMA", null));
            long versions = count("order_conditions");
            String bowtie = "{\"zones\":[{\"id\":\"a\",\"type\":\"EXCLUSION\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                    + "[[[-77.01,-12.10],[-77.00,-12.09],[-77.00,-12.10],[-77.01,-12.09],[-77.01,-12.10]]]}}]}";
            assertThatThrownBy(() -> service.order(o.id(), new OrderService.OrderResolution("RES-1", OrderFixtures.today(), null,
                    OrderFixtures.today(), null, null, OrderFixtures.json(bowtie)), OrderFixtures.ADMIN))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("conditions.zones[0].geometry: polygon is self-intersecting");
            assertThat(count("order_conditions")).isEqualTo(versions);
            assertThat(orders.find(o.id()).orElseThrow().status()).isEqualTo(OrderStatus.VIABILITY_REPORTED);
        }

        @Test
        void unknownCourtAndBadDniWriteNothing() {
            long orderCount = count("judicial_order");
            long people = count("person");
            UUID person = fx.person().id();
            assertThatThrownBy(() -> service.create(new OrderService.NewOrder("00123-2026-1-1801-JR-PE-01", "NOPE",
                    null, "HOUSE_ARREST", person, null, null, "Lima", null, null, null, null, false), OrderFixtures.ADMIN))
                    .isInstanceOf(InvalidInputException.class).hasMessage("courtCode: unknown court NOPE");
            assertThatThrownBy(() -> reference.createPerson(new Person(null, "1234567", "Ana", "Soto", null, null,
                    null, null, null, true, null, null), OrderFixtures.ADMIN))
                    .isInstanceOf(InvalidInputException.class).hasMessage("dni: a DNI is exactly 8 digits (got \"1234567\")");
            assertThatThrownBy(() -> service.create(new OrderService.NewOrder("123/2026", fx.court("Lima").code(),
                    null, "HOUSE_ARREST", person, null, null, "Lima", null, null, null, null, false), OrderFixtures.ADMIN))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("expediente: not an expediente number");
            assertThat(count("judicial_order")).isEqualTo(orderCount);
            assertThat(count("person")).isEqualTo(people + 1);
        }

        @Test
        void aProtectionOrderNeedsAVictimWhoseDetailsOnlyProtectorsSee() {
            Court court = fx.court("Lima");
            UUID person = fx.person().id();
            assertThatThrownBy(() -> service.create(new OrderService.NewOrder("00200-2026-0-1801-JR-FC-02", court.code(),
                    null, "PROTECTION_ORDER", person, null, null, "Lima", "CM-LIMA", null, null, null, true), OrderFixtures.ADMIN))
                    .isInstanceOf(InvalidInputException.class).hasMessage("victim: required for a PROTECTION_ORDER");
            OrderView o = service.create(new OrderService.NewOrder("00200-2026-0-1801-JR-FC-02", court.code(), null,
                    "PROTECTION_ORDER", person, new Victim("María Ríos", "87654321", "988777666", null, "Jr. Luna 5",
                            -12.09, -77.01, null, true), null, "Lima", "CM-LIMA", "fiscal1", null, null, true),
                    OrderFixtures.ADMIN);
            assertThat(o.hasVictim()).isTrue();
            Actor operator = new Actor("op", Role.OPERATOR, null, null, "CM-LIMA");
            assertThat(service.victim(o.id(), operator).fullName()).isEqualTo("María Ríos");
            Actor prosecutor = new Actor("fiscal1", Role.PROSECUTOR, null, null, null);
            assertThat(service.view(o.id(), prosecutor).id()).isEqualTo(o.id());
            assertThatThrownBy(() -> service.victim(o.id(), prosecutor)).isInstanceOf(AccessDeniedException.class);
            OrderView reported = fx.reported(o);
            assertThatThrownBy(() -> fx.ordered(reported, null)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("conditions.victimProximityMeters: required for a PROTECTION_ORDER");
        }

        @Test
        void scopeLimitsWhatEachActorSees() {
            Court a = fx.court("Lima");
            Court b = fx.court("Lima");
            OrderView o = fx.requested(a, "CM-LIMA", "fiscal-x");
            Actor judgeA = new Actor("ja", Role.JUDGE, a.code(), null, null);
            Actor judgeB = new Actor("jb", Role.JUDGE, b.code(), null, null);
            Actor operator = new Actor("op", Role.OPERATOR, null, null, "CM-LIMA");
            Actor otherCentre = new Actor("op2", Role.OPERATOR, null, null, "CM-AREQUIPA");
            Actor supervisor = new Actor("sup", Role.SUPERVISOR, null, "Lima", null);
            Actor otherRegion = new Actor("sup2", Role.SUPERVISOR, null, "Sur-Arequipa", null);
            Actor prosecutor = new Actor("fiscal-x", Role.PROSECUTOR, null, null, null);
            Actor otherProsecutor = new Actor("fiscal-y", Role.PROSECUTOR, null, null, null);
            Actor police = new Actor("pol", Role.POLICE, null, null, null);
            Actor auditor = new Actor("aud", Role.AUDITOR, null, null, null);

            for (Actor yes : List.of(OrderFixtures.ADMIN, judgeA, operator, supervisor, prosecutor, auditor)) {
                assertThat(scope.canSee(yes, o.id())).as(yes.username()).isTrue();
                assertThat(scope.visibleOrderIds(yes)).as(yes.username()).contains(o.id());
                assertThat(service.view(o.id(), yes).id()).isEqualTo(o.id());
            }
            for (Actor no : List.of(judgeB, otherCentre, otherRegion, otherProsecutor, police)) {
                assertThat(scope.canSee(no, o.id())).as(no.username()).isFalse();
                assertThat(scope.visibleOrderIds(no)).as(no.username()).doesNotContain(o.id());
                assertThatThrownBy(() -> service.view(o.id(), no)).as(no.username()).isInstanceOf(NotFoundException.class);
                assertThat(service.list(no, new OrderRepository.Filter(null, null, null, null, null), 0, 200)
                        .items()).extracting(OrderView::id).doesNotContain(o.id());
            }
            assertThat(service.list(judgeA, new OrderRepository.Filter(OrderStatus.REQUESTED, a.code(),
                    MeasureType.PRETRIAL_RESTRICTION, null, null), 0, 10).items()).extracting(OrderView::id)
                    .containsExactly(o.id());
            // a judge of another court cannot act on the order: it does not exist for them
            OrderView reported = fx.reported(o);
            assertThatThrownBy(() -> service.order(reported.id(), new OrderService.OrderResolution("R", OrderFixtures.today(),
                    null, OrderFixtures.today(), null, null, OrderFixtures.json("{}")), judgeB)).isInstanceOf(NotFoundException.class);
            assertThat(service.order(reported.id(), new OrderService.OrderResolution("R", OrderFixtures.today(), null,
                    OrderFixtures.today(), null, null, OrderFixtures.json("{}")), judgeA).status()).isEqualTo(OrderStatus.ORDERED);
            // and the scope predicate works inside other modules' SQL
            OrderScope.SqlPredicate p = scope.orderIdIn(judgeA, "t.id");
            assertThat(p.bind(jdbc.sql("SELECT COUNT(*) FROM judicial_order t WHERE t.id = :x AND " + p.sql())
                    .param("x", o.id())).query(Long.class).single()).isEqualTo(1L);
        }

        @Test
        void theRealInpeFileImportsAndReimportsAsUpdates() {
            PenalCentreImport.Result first = importer.importBundled();
            assertThat(first.inserted() + first.updated()).isEqualTo(69);
            assertThat(first.figuresDate()).isEqualTo(LocalDate.of(2026, 1, 31));
            PenalCentreImport.Result again = importer.importBundled();
            assertThat(again.inserted()).isZero();
            assertThat(again.updated()).isEqualTo(69);
            assertThat(count("penal_centre")).isEqualTo(69);
            assertThat(jdbc.sql("SELECT SUM(capacity) FROM penal_centre").query(Long.class).single()).isEqualTo(41_764L);
            assertThat(jdbc.sql("SELECT SUM(population) FROM penal_centre").query(Long.class).single()).isEqualTo(103_717L);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM penal_centre WHERE code IS NULL").query(Long.class).single()).isEqualTo(4L);
        }

        @Test
        void aBadRowWritesNothingAndNamesLineAndColumn() {
            String header = String.join(",", PenalCentreImport.COLUMNS) + "\n";
            String good = "9901,E.P. de Prueba,Lima,Lima,Lima,-12.0,-77.0,100,150,50,100,2026-01-31,\"test, quoted\"\n";
            String bad = "9902,E.P. Mala,Lima,Lima,Lima,-12.0,-77.0,cien,150,50,100,2026-01-31,x\n";
            long before = count("penal_centre");
            assertThatThrownBy(() -> importer.importCsv(new StringReader(header + good + bad)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("line 3, column capacity: must be a whole number (got \"cien\")");
            assertThatThrownBy(() -> importer.importCsv(header + good
                    + "9903,E.P. Otra,Lima,Lima,Lima,-95,-77.0,100,150,50,100,2026-01-31,x\n"))
                    .hasMessage("line 3, column lat: must be between -90 and 90 (got -95)");
            assertThatThrownBy(() -> importer.importCsv(header + good
                    + "9904,E.P. Suma,Lima,Lima,Lima,-12,-77.0,100,150,50,99,2026-01-31,x\n"))
                    .hasMessageStartingWith("line 3, column population: procesados (50) + sentenciados (99)");
            assertThatThrownBy(() -> importer.importCsv(header + good
                    + "9905,E.P. Fecha,Lima,Lima,Lima,-12,-77.0,100,150,50,100,31/01/2026,x\n"))
                    .hasMessage("line 3, column figures_date: must be a date YYYY-MM-DD (got \"31/01/2026\")");
            assertThatThrownBy(() -> importer.importCsv("code,name\n1,x\n"))
                    .hasMessage("line 1, column regional_office: missing column in header");
            assertThat(count("penal_centre")).isEqualTo(before);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM penal_centre WHERE code = '9901'").query(Long.class).single()).isZero();
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
