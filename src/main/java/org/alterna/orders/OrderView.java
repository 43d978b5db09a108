package org.alterna.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What other modules and the API see of an order. Victim details are never part of it ({@code hasVictim} only);
 * the person's domicile is not either (see the people API).
 */
public record OrderView(UUID id, String expediente, String courtCode, Long judgeId, String judgeName,
        String resolutionNumber, LocalDate resolutionDate, MeasureType measureType, UUID personId, String personName,
        String personDni, boolean hasVictim, Long penalCentreId, String region, String monitoringCentre,
        String prosecutor, LocalDate startDate, LocalDate endDate, Instant installationAt, OrderStatus status,
        boolean synthetic, String createdBy, Instant createdAt, Instant updatedAt, Integer conditionsVersion) {

    /** The same view without who the person is (name, DNI), for those who read case metadata only. */
    public OrderView withoutPerson() {
        return new OrderView(id, expediente, courtCode, judgeId, judgeName, resolutionNumber, resolutionDate,
                measureType, personId, null, null, hasVictim, penalCentreId, region, monitoringCentre, prosecutor,
                startDate, endDate, installationAt, status, synthetic, createdBy, createdAt, updatedAt,
                conditionsVersion);
    }
}
