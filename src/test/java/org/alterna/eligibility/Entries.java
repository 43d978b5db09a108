package org.alterna.eligibility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Register entries for tests: a neutral person (no exclusion, no priority) changed one fact at a time. */
final class Entries {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final String DL1514 = "eligibility/rule-sets/01-PE-2020-DL1514.json";
    static final String DL1585 = "eligibility/rule-sets/02-PE-2023-DL1585.json";

    private Entries() {
    }

    static RuleSet bundled(String resource, int version) {
        try (InputStream in = Entries.class.getClassLoader().getResourceAsStream(resource)) {
            return RuleSetParser.parse(JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 40-year-old man charged with hurto agravado (CP 186, not excluded), 3 years maximum penalty. */
    static RegisterEntry procesado(int penaltyMonths) {
        return new RegisterEntry("R-1", "70000001", "Juan", "Pérez Quispe", TODAY.minusYears(40), "M", 1L, "Lima",
                "JIP-LIMA-01", "00123-2025-0-1801-JR-PE-01", LegalStatus.PROCESADO, null, penaltyMonths, 200,
                List.of("186"), 0, null, false, false, false, false, true);
    }

    static RegisterEntry condenado(int penaltyMonths, SentenceStage stage) {
        return with(procesado(penaltyMonths)).legal(LegalStatus.CONDENADO, stage).build();
    }

    static Builder with(RegisterEntry e) {
        return new Builder(e);
    }

    static final class Builder {
        RegisterEntry e;

        Builder(RegisterEntry e) {
            this.e = e;
        }

        Builder legal(LegalStatus status, SentenceStage stage) {
            e = new RegisterEntry(e.internalId(), e.dni(), e.givenNames(), e.surnames(), e.birthDate(), e.sex(),
                    e.penalCentreId(), e.region(), e.courtCode(), e.expediente(), status, stage, e.penaltyMonths(),
                    e.servedDays(), e.offences(), e.priorConvictions(), e.recidivist(), e.pregnant(), e.childUnder3(),
                    e.seriousIllness(), e.permanentDisability(), e.synthetic());
            return this;
        }

        Builder penalty(Integer months) {
            e = new RegisterEntry(e.internalId(), e.dni(), e.givenNames(), e.surnames(), e.birthDate(), e.sex(),
                    e.penalCentreId(), e.region(), e.courtCode(), e.expediente(), e.legalStatus(), e.stage(), months,
                    e.servedDays(), e.offences(), e.priorConvictions(), e.recidivist(), e.pregnant(), e.childUnder3(),
                    e.seriousIllness(), e.permanentDisability(), e.synthetic());
            return this;
        }

        Builder offences(String... articles) {
            e = new RegisterEntry(e.internalId(), e.dni(), e.givenNames(), e.surnames(), e.birthDate(), e.sex(),
                    e.penalCentreId(), e.region(), e.courtCode(), e.expediente(), e.legalStatus(), e.stage(),
                    e.penaltyMonths(), e.servedDays(), List.of(articles), e.priorConvictions(), e.recidivist(),
                    e.pregnant(), e.childUnder3(), e.seriousIllness(), e.permanentDisability(), e.synthetic());
            return this;
        }

        Builder priors(int priors, Boolean recidivist) {
            e = new RegisterEntry(e.internalId(), e.dni(), e.givenNames(), e.surnames(), e.birthDate(), e.sex(),
                    e.penalCentreId(), e.region(), e.courtCode(), e.expediente(), e.legalStatus(), e.stage(),
                    e.penaltyMonths(), e.servedDays(), e.offences(), priors, recidivist, e.pregnant(), e.childUnder3(),
                    e.seriousIllness(), e.permanentDisability(), e.synthetic());
            return this;
        }

        Builder born(LocalDate birth) {
            e = new RegisterEntry(e.internalId(), e.dni(), e.givenNames(), e.surnames(), birth, e.sex(),
                    e.penalCentreId(), e.region(), e.courtCode(), e.expediente(), e.legalStatus(), e.stage(),
                    e.penaltyMonths(), e.servedDays(), e.offences(), e.priorConvictions(), e.recidivist(), e.pregnant(),
                    e.childUnder3(), e.seriousIllness(), e.permanentDisability(), e.synthetic());
            return this;
        }

        Builder facts(boolean pregnant, boolean child, boolean illness, boolean disability) {
            e = new RegisterEntry(e.internalId(), e.dni(), e.givenNames(), e.surnames(), e.birthDate(),
                    pregnant ? "F" : e.sex(), e.penalCentreId(), e.region(), e.courtCode(), e.expediente(),
                    e.legalStatus(), e.stage(), e.penaltyMonths(), e.servedDays(), e.offences(), e.priorConvictions(),
                    e.recidivist(), pregnant, child, illness, disability, e.synthetic());
            return this;
        }

        RegisterEntry build() {
            return e;
        }
    }
}
