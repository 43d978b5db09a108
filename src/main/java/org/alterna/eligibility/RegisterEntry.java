package org.alterna.eligibility;

import java.time.LocalDate;
import java.util.List;

/**
 * One person of the prison register, as imported. {@code penaltyMonths} is, for a procesado, the maximum penalty of
 * the most serious offence charged (pena conminada) and, for a condenado, the sentence imposed; null when the
 * register does not know it. {@code recidivist} is null when the register does not say (a court decides it).
 */
record RegisterEntry(String internalId, String dni, String givenNames, String surnames, LocalDate birthDate,
        String sex, long penalCentreId, String region, String courtCode, String expediente, LegalStatus legalStatus,
        SentenceStage stage, Integer penaltyMonths, int servedDays, List<String> offences, int priorConvictions,
        Boolean recidivist, boolean pregnant, boolean childUnder3, boolean seriousIllness, boolean permanentDisability,
        boolean synthetic) {

    boolean has(PriorityFact fact) {
        return switch (fact) {
            case SERIOUS_ILLNESS -> seriousIllness;
            case PERMANENT_DISABILITY -> permanentDisability;
            case PREGNANT -> pregnant;
            case CHILD_UNDER_3 -> childUnder3;
        };
    }

    /** The stage a conversion is judged at: a condenado's sentence is being served unless the register says otherwise. */
    SentenceStage effectiveStage() {
        return legalStatus == LegalStatus.CONDENADO && stage == null ? SentenceStage.EXECUTION : stage;
    }
}
