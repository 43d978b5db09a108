package org.alterna.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long personal and location data are kept ({@code alterna.retention.*}). INPE, as controller, keeps monitoring
 * data five years for judges and prosecutors and then deletes it; Ley 29733 (art. 8) and DS 016-2024-JUS require
 * deletion once the purpose is served.
 *
 * @param afterMeasureEnd  how long a case is kept after its measure ended (COMPLETED or REVOKED): the order, its
 *                         conditions, transitions, viability reports, warnings, victim, alarms with their evidence,
 *                         history and incident reports, engine events, authorised absences, device assignments,
 *                         the positions and latest state of its devices during the assignment, its notifications,
 *                         and the person once no other case of theirs remains. Default 5 years (P1826D).
 * @param unattachedData   how long data tied to no case are kept: positions and latest state of devices outside any
 *                         assignment, refused device connections, delivered notifications whose alarm is gone,
 *                         people registered without any order. Default 5 years.
 * @param enabled          whether the daily job runs ({@code alterna.retention.cron}, default 03:37 UTC)
 */
@ConfigurationProperties("alterna.retention")
public record RetentionSettings(@DefaultValue("P1826D") Duration afterMeasureEnd,
        @DefaultValue("P1826D") Duration unattachedData, @DefaultValue("true") boolean enabled) {

    public RetentionSettings {
        if (afterMeasureEnd.isNegative() || afterMeasureEnd.isZero()) {
            throw new IllegalArgumentException("alterna.retention.after-measure-end must be positive");
        }
        if (unattachedData.isNegative() || unattachedData.isZero()) {
            throw new IllegalArgumentException("alterna.retention.unattached-data must be positive");
        }
    }
}
