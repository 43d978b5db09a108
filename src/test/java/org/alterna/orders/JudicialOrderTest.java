package org.alterna.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.orders.JudicialOrder.Resolution;
import org.alterna.orders.JudicialOrder.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The order's lifecycle guards: every legal transition, illegal ones refused with a clear message. */
class JudicialOrderTest {
    static final Resolution RES = new Resolution("RES-12", LocalDate.of(2026, 3, 1));
    static final ViabilityReport VIABLE = report(ViabilityReport.Conclusion.VIABLE);

    static ViabilityReport report(ViabilityReport.Conclusion conclusion) {
        return new ViabilityReport(null, ViabilityReport.Coverage.GOOD, ViabilityReport.Coverage.WEAK, true, null,
                conclusion, LocalDate.of(2026, 2, 20), "supervisor", Instant.EPOCH);
    }

    static JudicialOrder order(OrderStatus status) {
        JudicialOrder o = new JudicialOrder(UUID.randomUUID());
        o.expediente = "00123-2026-1-1801-JR-PE-01";
        o.status = status;
        o.monitoringCentre = "CM-LIMA";
        o.measureType = MeasureType.PRETRIAL_RESTRICTION;
        return o;
    }

    @Test
    void theWholeHappyPathFromRequestToCompletion() {
        JudicialOrder o = order(OrderStatus.REQUESTED);
        assertMove(o.reportViability(VIABLE), OrderStatus.REQUESTED, OrderStatus.VIABILITY_REPORTED);
        assertMove(o.order(RES, VIABLE, 7L, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 9, 2)),
                OrderStatus.VIABILITY_REPORTED, OrderStatus.ORDERED);
        assertThat(o.resolutionNumber).isEqualTo("RES-12");
        assertThat(o.judgeId).isEqualTo(7L);
        assertMove(o.scheduleInstallation(Instant.parse("2026-03-03T15:00:00Z"), null), OrderStatus.ORDERED,
                OrderStatus.INSTALLATION_SCHEDULED);
        assertMove(o.activate("installed"), OrderStatus.INSTALLATION_SCHEDULED, OrderStatus.ACTIVE);
        assertMove(o.suspend(RES, "hospital"), OrderStatus.ACTIVE, OrderStatus.SUSPENDED);
        assertMove(o.resume(RES, null), OrderStatus.SUSPENDED, OrderStatus.ACTIVE);
        assertMove(o.complete(null, "term served"), OrderStatus.ACTIVE, OrderStatus.COMPLETED);
    }

    @Test
    void completionAndRevocationFromSuspended() {
        assertMove(order(OrderStatus.SUSPENDED).complete(null, null), OrderStatus.SUSPENDED, OrderStatus.COMPLETED);
        assertMove(order(OrderStatus.SUSPENDED).revoke(RES, null), OrderStatus.SUSPENDED, OrderStatus.REVOKED);
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"ORDERED", "INSTALLATION_SCHEDULED", "ACTIVE", "SUSPENDED"})
    void revocationOnceAMeasureExists(OrderStatus from) {
        assertMove(order(from).revoke(RES, "breach"), from, OrderStatus.REVOKED);
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"REQUESTED", "VIABILITY_REPORTED"})
    void noRevocationBeforeTheOrder(OrderStatus from) {
        assertThatThrownBy(() -> order(from).revoke(RES, null)).isInstanceOf(ConflictException.class)
                .hasMessage("order 00123-2026-1-1801-JR-PE-01 is " + from + "; it cannot be revoked (only from ORDERED, "
                        + "INSTALLATION_SCHEDULED, ACTIVE, SUSPENDED)");
    }

    @Test
    void anOrderIsActivatedOnlyOnce() {
        JudicialOrder o = order(OrderStatus.INSTALLATION_SCHEDULED);
        o.activate(null);
        assertThatThrownBy(() -> o.activate(null)).isInstanceOf(ConflictException.class)
                .hasMessage("order 00123-2026-1-1801-JR-PE-01 is ACTIVE; it cannot be activated again");
        assertThat(o.status).isEqualTo(OrderStatus.ACTIVE);
    }

    @Test
    void aSuspendedOrderIsResumedOnlyByResolution() {
        assertThatThrownBy(() -> order(OrderStatus.SUSPENDED).activate(null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("is SUSPENDED; only a resolution lifting the suspension resumes it");
    }

    @Test
    void activationBeforeInstallationIsRefused() {
        assertThatThrownBy(() -> order(OrderStatus.ORDERED).activate(null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("is ORDERED; it can be activated only once its installation is scheduled");
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"COMPLETED", "REVOKED"})
    void finalStatesAreFinal(OrderStatus status) {
        JudicialOrder o = order(status);
        assertThatThrownBy(() -> o.revoke(RES, null)).isInstanceOf(ConflictException.class)
                .hasMessage("order 00123-2026-1-1801-JR-PE-01 is " + status + " (final); it cannot be revoked");
        assertThatThrownBy(() -> o.complete(null, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> o.suspend(RES, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> o.activate(null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(o::checkCanVary).isInstanceOf(ConflictException.class);
        assertThat(o.status).isEqualTo(status);
    }

    @Test
    void orderingRequiresTheViabilityReportedStatusAResolutionAndAViableReport() {
        assertThatThrownBy(() -> order(OrderStatus.REQUESTED).order(RES, VIABLE, null, LocalDate.now(), null))
                .isInstanceOf(ConflictException.class)
                .hasMessage("order 00123-2026-1-1801-JR-PE-01 is REQUESTED; it cannot be ordered (only from VIABILITY_REPORTED)");
        assertThatThrownBy(() -> order(OrderStatus.VIABILITY_REPORTED).order(null, VIABLE, null, LocalDate.now(), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("requires a resolution");
        assertThatThrownBy(() -> order(OrderStatus.VIABILITY_REPORTED).order(RES, null, null, LocalDate.now(), null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("has no technical viability report");
        assertThatThrownBy(() -> order(OrderStatus.VIABILITY_REPORTED)
                .order(RES, report(ViabilityReport.Conclusion.NOT_VIABLE), null, LocalDate.now(), null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("concludes NOT_VIABLE");
        assertThatThrownBy(() -> order(OrderStatus.VIABILITY_REPORTED)
                .order(RES, VIABLE, null, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("endDate: ends before it starts (2026-03-01 is before 2026-03-02)");
    }

    @Test
    void viabilityNeedsAReportAndTheRequestedStatus() {
        assertThatThrownBy(() -> order(OrderStatus.REQUESTED).reportViability(null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> order(OrderStatus.ACTIVE).reportViability(VIABLE))
                .isInstanceOf(ConflictException.class).hasMessageContaining("is ACTIVE; it cannot be given a viability report");
        Transition again = order(OrderStatus.VIABILITY_REPORTED).reportViability(VIABLE);
        assertThat(again.from()).isEqualTo(again.to()).isEqualTo(OrderStatus.VIABILITY_REPORTED);
    }

    @Test
    void installationNeedsAMonitoringCentre() {
        JudicialOrder o = order(OrderStatus.ORDERED);
        o.monitoringCentre = null;
        assertThatThrownBy(() -> o.scheduleInstallation(Instant.now(), null)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("monitoringCentre:");
        assertThat(o.status).isEqualTo(OrderStatus.ORDERED);
    }

    @Test
    void suspensionAndResumptionOnlyFromTheirStates() {
        assertThatThrownBy(() -> order(OrderStatus.ORDERED).suspend(RES, null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("it cannot be suspended (only from ACTIVE)");
        assertThatThrownBy(() -> order(OrderStatus.ACTIVE).resume(RES, null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("it cannot be resumed (only from SUSPENDED)");
        assertThatThrownBy(() -> order(OrderStatus.INSTALLATION_SCHEDULED).complete(null, null))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void warningsOnlyWhileMonitoring() {
        order(OrderStatus.ACTIVE).checkCanWarn();
        order(OrderStatus.SUSPENDED).checkCanWarn();
        assertThatThrownBy(() -> order(OrderStatus.ORDERED).checkCanWarn()).isInstanceOf(ConflictException.class);
    }

    private static void assertMove(Transition t, OrderStatus from, OrderStatus to) {
        assertThat(t.from()).isEqualTo(from);
        assertThat(t.to()).isEqualTo(to);
    }
}
