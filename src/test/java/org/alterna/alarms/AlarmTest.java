package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The alarm aggregate guards its lifecycle. */
class AlarmTest {
    static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z");

    static Alarm open(String type) {
        return Alarm.open(AlarmFixtures.signal(UUID.randomUUID(), type, "home", T0.minusSeconds(60)),
                new Alarm.Scope("Rosa", "JIP-LIMA-01", "Lima", "CM-LIMA", "prosecutor"), T0, Duration.ofMinutes(2),
                Duration.ofMinutes(30));
    }

    @Test
    void severityFollowsTheTypeAndUnknownTypesAreSerious() {
        assertThat(open("strap_tamper").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(open("PANIC").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(open("NO_FIX").severity()).isEqualTo(Severity.SERIOUS);
        assertThat(open("LOW_BATTERY").severity()).isEqualTo(Severity.INFO);
        assertThat(open("VICTIM_PRE_ALERT").severity()).isEqualTo(Severity.INFO);
        assertThat(open("MOTION_WITHOUT_GPS").severity()).isEqualTo(Severity.SERIOUS);
        assertThat(open("strap_tamper").type()).isEqualTo("STRAP_TAMPER");
    }

    @Test
    void openAcknowledgedResolved() {
        Alarm a = open("INCLUSION_ZONE");
        assertThat(a.status()).isEqualTo(AlarmStatus.OPEN);
        assertThat(a.nextDeadline()).isEqualTo(T0.plusSeconds(120));
        a.acknowledge("operator", T0.plusSeconds(30));
        assertThat(a.status()).isEqualTo(AlarmStatus.ACKNOWLEDGED);
        assertThat(a.nextDeadline()).isEqualTo(T0.plusSeconds(1800));
        a.resolve("operator", T0.plusSeconds(600), ResolutionCode.FALSE_ALARM, "GPS drift near home");
        assertThat(a.status()).isEqualTo(AlarmStatus.RESOLVED);
        assertThat(a.nextDeadline()).isNull();
        assertThat(a.resolutionNote()).isEqualTo("GPS drift near home");
    }

    @Test
    void resolvingNeedsACodeAndANote() {
        Alarm a = open("INCLUSION_ZONE");
        a.acknowledge("operator", T0);
        assertThatThrownBy(() -> a.resolve("operator", T0, ResolutionCode.TECHNICAL, null))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("note");
        assertThatThrownBy(() -> a.resolve("operator", T0, ResolutionCode.TECHNICAL, "   "))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("note");
        assertThatThrownBy(() -> a.resolve("operator", T0, null, "a note"))
                .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("code");
        assertThat(a.status()).isEqualTo(AlarmStatus.ACKNOWLEDGED);
    }

    @Test
    void illegalTransitionsAreConflicts() {
        Alarm a = open("EXCLUSION_ZONE");
        assertThatThrownBy(() -> a.resolve("operator", T0, ResolutionCode.TECHNICAL, "x"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("acknowledge it before");
        a.acknowledge("operator", T0);
        assertThatThrownBy(() -> a.acknowledge("operator", T0)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already acknowledged");
        a.resolve("operator", T0, ResolutionCode.CONFIRMED_VIOLATION, "confirmed by phone");
        assertThatThrownBy(() -> a.escalate("operator", T0, "x")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("RESOLVED");
        assertThatThrownBy(() -> a.resolve("operator", T0, ResolutionCode.TECHNICAL, "x"))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> a.merge(T0)).isInstanceOf(ConflictException.class);
    }

    @Test
    void escalatedCanStillBeAcknowledgedAndResolvedButNotEscalatedTwice() {
        Alarm a = open("PANIC");
        a.escalate("operator", T0, "no answer");
        assertThat(a.status()).isEqualTo(AlarmStatus.ESCALATED);
        assertThatThrownBy(() -> a.escalate("operator", T0, "again")).isInstanceOf(ConflictException.class);
        a.acknowledge("supervisor", T0.plusSeconds(10));
        assertThat(a.status()).isEqualTo(AlarmStatus.ESCALATED);
        assertThat(a.acknowledgedBy()).isEqualTo("supervisor");
        a.resolve("supervisor", T0.plusSeconds(60), ResolutionCode.AUTHORISED, "authorised hospital visit");
        assertThat(a.status()).isEqualTo(AlarmStatus.RESOLVED);
    }

    @Test
    void mergeKeepsTheEarliestStartAndCountsFlaps() {
        Alarm a = open("INCLUSION_ZONE");
        a.merge(T0.minusSeconds(3600));
        assertThat(a.conditionStart()).isEqualTo(T0.minusSeconds(3600));
        a.merge(T0.plusSeconds(10));
        assertThat(a.conditionStart()).isEqualTo(T0.minusSeconds(3600));
        a.conditionEnded(T0.plusSeconds(100));
        assertThat(a.conditionEndedAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(a.status()).isEqualTo(AlarmStatus.OPEN);
        a.merge(T0.plusSeconds(200));
        assertThat(a.conditionEndedAt()).isNull();
        assertThat(a.flaps()).isEqualTo(1);
    }

    @Test
    void slaFlagsOnceAndOnlyWhenDue() {
        Alarm a = open("STRAP_TAMPER");
        assertThat(a.missAckSla(T0.plusSeconds(119))).isFalse();
        assertThat(a.missAckSla(T0.plusSeconds(121))).isTrue();
        assertThat(a.missAckSla(T0.plusSeconds(122))).isFalse();
        assertThat(a.escalateForSla(T0.plusSeconds(121), "SLA")).isTrue();
        assertThat(a.escalateForSla(T0.plusSeconds(122), "SLA")).isFalse();
        assertThat(a.missResolveSla(T0.plusSeconds(1801))).isTrue();
        assertThat(a.slaAckMissed()).isTrue();
        assertThat(a.slaResolveMissed()).isTrue();
    }

    @Test
    void backoffDoublesAndIsCapped() {
        OutboxDispatcher d = new OutboxDispatcher(null, null, null, null, null, 8, Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(2), 1);
        assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.backoff(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(d.backoff(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.backoff(20)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void webhookSignatureIsHexHmacSha256() {
        // RFC 4231 test case 2
        assertThat(WebhookSignature.hmacSha256Hex("Jefe", "what do ya want for nothing?".getBytes()))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
