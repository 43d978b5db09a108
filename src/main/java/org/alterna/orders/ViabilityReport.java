package org.alterna.orders;

import java.time.Instant;
import java.time.LocalDate;

/** Informe de viabilidad técnica: INPE's report on the domicile before the hearing. */
public record ViabilityReport(Long id, Coverage gpsCoverage, Coverage gsmCoverage, boolean addressVerified,
        String observations, Conclusion conclusion, LocalDate reportDate, String author, Instant createdAt) {

    public enum Coverage { GOOD, WEAK, NONE }

    public enum Conclusion { VIABLE, NOT_VIABLE }
}
