package org.alterna.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.orders.MeasureType;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderTimeline;
import org.alterna.orders.OrderTimeline.Change;
import org.junit.jupiter.api.Test;

/** The funnel's figures against ones computed by hand from four cases and six devices. */
class FunnelTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NOW = h(100);
    private static final UUID A = new UUID(0, 1);
    private static final UUID B = new UUID(0, 2);
    private static final UUID C = new UUID(0, 3);
    private static final UUID D = new UUID(0, 4);

    private static Instant h(double hours) {
        return T0.plusSeconds(Math.round(hours * 3600));
    }

    private static OrderTimeline order(UUID id, String region, long centre, String centreName, OrderStatus status,
            double requested, Object... steps) {
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(null, OrderStatus.REQUESTED, h(requested)));
        OrderStatus from = OrderStatus.REQUESTED;
        for (int i = 0; i < steps.length; i += 2) {
            OrderStatus to = (OrderStatus) steps[i];
            changes.add(new Change(from, to, h(((Number) steps[i + 1]).doubleValue())));
            from = to;
        }
        return new OrderTimeline(id, "EXP-" + id.getLeastSignificantBits(), "JIP-" + region, region, centre,
                centreName, "CM-1", MeasureType.HOUSE_ARREST, status, true, "VIABLE", h(requested), changes);
    }

    private static Funnel.Figures figures() {
        List<OrderTimeline> orders = List.of(
                order(A, "Lima", 1, "EP Lima", OrderStatus.ACTIVE, 0, OrderStatus.VIABILITY_REPORTED, 10,
                        OrderStatus.ORDERED, 30, OrderStatus.INSTALLATION_SCHEDULED, 32, OrderStatus.ACTIVE, 41),
                order(B, "Lima", 1, "EP Lima", OrderStatus.ORDERED, 0, OrderStatus.VIABILITY_REPORTED, 20,
                        OrderStatus.ORDERED, 50),
                order(C, "Norte", 2, "EP Chiclayo", OrderStatus.REQUESTED, 5),
                order(D, "Norte", 2, "EP Chiclayo", OrderStatus.COMPLETED, 0, OrderStatus.VIABILITY_REPORTED, 4,
                        OrderStatus.ORDERED, 6, OrderStatus.INSTALLATION_SCHEDULED, 8, OrderStatus.ACTIVE, 12,
                        OrderStatus.COMPLETED, 90));
        Map<UUID, Funnel.InstallationFacts> inst = Map.of(
                A, new Funnel.InstallationFacts(h(40), h(39), h(54), "tag-a"),
                B, new Funnel.InstallationFacts(null, null, h(74), null),
                D, new Funnel.InstallationFacts(h(9), h(9), h(30), "tag-d"));
        List<Funnel.DeviceFacts> devices = List.of(
                new Funnel.DeviceFacts("d1", DeviceStatus.IN_STOCK, NOW.minus(Duration.ofDays(40)), "Lima"),
                new Funnel.DeviceFacts("d2", DeviceStatus.IN_STOCK, NOW.minus(Duration.ofDays(1)), "Lima"),
                new Funnel.DeviceFacts("d3", DeviceStatus.ACTIVE, h(41), "Lima"),
                new Funnel.DeviceFacts("d4", DeviceStatus.REMOVED, h(90), "Lima"),
                new Funnel.DeviceFacts("d5", DeviceStatus.IN_STOCK, NOW.minus(Duration.ofDays(2)), "Norte"),
                new Funnel.DeviceFacts("d6", DeviceStatus.LOST, h(1), "Norte"));
        List<Funnel.Flow> flows = List.of(
                new Funnel.Flow("Lima", DeviceStatus.INSTALLED, NOW.minus(Duration.ofDays(1))),
                new Funnel.Flow("Lima", DeviceStatus.INSTALLED, NOW.minus(Duration.ofDays(5))),
                new Funnel.Flow("Lima", DeviceStatus.INSTALLED, NOW.minus(Duration.ofDays(29))),
                new Funnel.Flow("Lima", DeviceStatus.INSTALLED, NOW.minus(Duration.ofDays(40)))); // outside the window
        return Funnel.compute(orders, inst, devices, flows, NOW, Funnel.GroupBy.PENAL_CENTRE, Duration.ofDays(30),
                Duration.ofDays(30), 10, t -> "2026-11");
    }

    @Test
    void countsConversionAndTimesPerStageMatchTheHandComputedOnes() {
        Funnel.Figures f = figures();
        assertThat(f.cases()).isEqualTo(4);
        assertThat(f.completed()).isEqualTo(1);
        assertThat(f.revoked()).isZero();
        assertThat(f.stages()).extracting(Funnel.StageFigure::stage).containsExactlyElementsOf(Funnel.Stage.PATH);
        assertThat(f.stages()).extracting(Funnel.StageFigure::reached).containsExactly(4, 3, 3, 2, 2, 2);
        assertThat(f.stages()).extracting(Funnel.StageFigure::waitingNow).containsExactly(1, 0, 1, 0, 0, 1);
        assertThat(f.stages()).extracting(Funnel.StageFigure::conversion)
                .containsExactly(null, 0.75, 1.0, 0.6667, 1.0, 1.0);
        // time in stage, nearest rank: requested [4, 10, 20], viability [2, 20, 30], ordered [2, 2],
        // scheduled [1, 8], installed [1, 3], active [78]
        assertThat(f.stages()).extracting(Funnel.StageFigure::medianHours)
                .containsExactly(10.0, 20.0, 2.0, 1.0, 1.0, 78.0);
        assertThat(f.stages()).extracting(Funnel.StageFigure::p90Hours)
                .containsExactly(20.0, 30.0, 2.0, 8.0, 3.0, 78.0);
        assertThat(f.stages()).extracting(Funnel.StageFigure::measured).containsExactly(3, 3, 2, 2, 2, 1);
    }

    @Test
    void groupsPerPenalCentre() {
        Funnel.Figures f = figures();
        assertThat(f.groups()).extracting(Funnel.Group::label).containsExactly("EP Lima", "EP Chiclayo");
        assertThat(f.groups().get(0).stages()).extracting(Funnel.StageFigure::reached)
                .containsExactly(2, 2, 2, 1, 1, 1);
        assertThat(f.groups().get(1).stages()).extracting(Funnel.StageFigure::reached)
                .containsExactly(2, 1, 1, 1, 1, 1);
    }

    @Test
    void theOldestCasesWaitingSayWhy() {
        List<Funnel.Waiting> w = figures().oldestWaiting();
        assertThat(w).extracting(Funnel.Waiting::orderId).containsExactly(C, B);
        assertThat(w.get(0).reason()).isEqualTo(Funnel.WaitReason.VIABILITY_PENDING);
        assertThat(w.get(0).waitingHours()).isEqualTo(95.0);
        assertThat(w.get(0).overdue()).isFalse();
        assertThat(w.get(1).reason()).isEqualTo(Funnel.WaitReason.NO_APPOINTMENT);
        assertThat(w.get(1).stage()).isEqualTo(Funnel.Stage.ORDERED);
        assertThat(w.get(1).waitingHours()).isEqualTo(50.0);
        assertThat(w.get(1).overdue()).isTrue();
    }

    @Test
    void stockAgainstBacklogAndWhenItRunsOut() {
        Funnel.Figures f = figures();
        assertThat(f.stock()).extracting(Funnel.Stock::region).containsExactly("Lima", "Norte");
        Funnel.Stock lima = f.stock().get(0);
        assertThat(lima.inStock()).isEqualTo(2);
        assertThat(lima.idle()).isEqualTo(1);
        assertThat(lima.inUse()).isEqualTo(1);
        assertThat(lima.removed()).isEqualTo(1);
        assertThat(lima.backlog()).isEqualTo(1);
        assertThat(lima.installsPerDay()).isEqualTo(0.1);
        assertThat(lima.daysOfStock()).isEqualTo(20.0);
        assertThat(lima.runsOutAt()).isEqualTo(NOW.plus(Duration.ofDays(20)));
        assertThat(lima.backlogExceedsStock()).isFalse();
        Funnel.Stock norte = f.stock().get(1);
        assertThat(norte.inStock()).isEqualTo(1);
        assertThat(norte.lostOrDamaged()).isEqualTo(1);
        assertThat(norte.daysOfStock()).isNull();
        assertThat(norte.runsOutAt()).isNull();
        assertThat(f.stockTotal().inStock()).isEqualTo(3);
        assertThat(f.stockTotal().daysOfStock()).isEqualTo(30.0);
    }

    @Test
    void aFittingRecordedBeforeItsScheduleStillCountsTheEarlierStages() {
        OrderTimeline o = order(A, "Lima", 1, "EP Lima", OrderStatus.INSTALLATION_SCHEDULED, 0,
                OrderStatus.VIABILITY_REPORTED, 1, OrderStatus.ORDERED, 2, OrderStatus.INSTALLATION_SCHEDULED, 6);
        Map<Funnel.Stage, Instant> at = Funnel.reached(o, new Funnel.InstallationFacts(h(5), null, h(26), "x"));
        assertThat(at.get(Funnel.Stage.INSTALLATION_SCHEDULED)).isEqualTo(h(5));
        assertThat(Funnel.current(o, at)).isEqualTo(Funnel.Stage.INSTALLED);
    }
}
