package org.alterna.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a register: good files, and broken ones reported line by line and column by column, nothing kept. */
class RegisterCsvTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final List<RegisterCsv.Centre> CENTRES = List.of(new RegisterCsv.Centre(1, "216", "E.P. de Lurigancho", "Lima"),
            new RegisterCsv.Centre(2, null, "E.P. de Moquegua", "Sur-Arequipa"));
    static final String HEADER = "internal_id,dni,given_names,surnames,birth_date,sex,penal_centre,legal_status,"
            + "offences,served_days,court_code,expediente,sentence_stage,penalty_months,prior_convictions,recidivist,"
            + "pregnant,child_under_3,serious_illness,permanent_disability,synthetic\n";

    static RegisterCsv.Result read(String csv) {
        return new RegisterCsv(CENTRES, null, TODAY).read(csv, n -> { });
    }

    @Test
    void aGoodFileIsReadWithEveryFieldAndDefaults() {
        RegisterCsv.Result r = read(HEADER
                + "A-1,70000001,Juan,Pérez Quispe,1980-05-01,M,216,procesado,186;188,120,jip-lima-01,"
                + "00123-2025-0-1801-JR-PE-01,,60,0,,no,no,no,no,true\r\n"
                + "A-2,70000002,\"María, Luz\",Rojas,1990-01-02,F,E.P. de Moquegua,Sentenciada,\"296\",900,,,EJECUCION,"
                + "96,2,false,sí,1,0,false,1\n");
        assertThat(r.ok()).as(r.errors().toString()).isTrue();
        assertThat(r.entries()).hasSize(2);
        RegisterEntry a = r.entries().get(0);
        assertThat(a.legalStatus()).isEqualTo(LegalStatus.PROCESADO);
        assertThat(a.offences()).containsExactly("186", "188");
        assertThat(a.courtCode()).isEqualTo("JIP-LIMA-01");
        assertThat(a.penalCentreId()).isEqualTo(1);
        assertThat(a.region()).isEqualTo("Lima");
        assertThat(a.recidivist()).isNull();
        assertThat(a.synthetic()).isTrue();
        RegisterEntry b = r.entries().get(1);
        assertThat(b.givenNames()).isEqualTo("María, Luz");
        assertThat(b.legalStatus()).isEqualTo(LegalStatus.CONDENADO);
        assertThat(b.stage()).isEqualTo(SentenceStage.EXECUTION);
        assertThat(b.penalCentreId()).isEqualTo(2); // an establishment without code, by its name
        assertThat(b.recidivist()).isFalse();
        assertThat(b.pregnant()).isTrue();
        assertThat(b.childUnder3()).isTrue();
        assertThat(b.priorConvictions()).isEqualTo(2);
    }

    @Test
    void onlyTheRequiredColumnsAreNeededInAnyOrder() {
        RegisterCsv.Result r = read("\uFEFFoffences,served_days,legal_status,penal_centre,sex,birth_date,surnames,"
                + "given_names,dni,internal_id\n189,10,condenado,216,M,1970-01-01,Ríos,Ana,70000003,X9\n");
        assertThat(r.ok()).as(r.errors().toString()).isTrue();
        RegisterEntry e = r.entries().get(0);
        assertThat(e.penaltyMonths()).isNull();
        assertThat(e.priorConvictions()).isZero();
        assertThat(e.synthetic()).isFalse();
    }

    @Test
    void everyBrokenFieldIsReportedWithItsLineAndColumnAndNothingIsKept() {
        String good = "A-1,70000001,Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n";
        RegisterCsv.Result r = read(HEADER + good
                + "A-2,7000002,Ana,Ruiz,1980-05-01,M,216,procesado,186,1,,,,60,0,,,,,,\n"          // line 3: dni
                + "A-3,70000003,Ana,Ruiz,01/05/1980,X,Penal de Nadie,preso,186,1,,,,60,0,,,,,,\n"   // line 4: 4 errors
                + "A-4,70000004,Ana,Ruiz,1980-05-01,F,216,procesado,art. 186,-1,,,,0,0,,,,,,\n"    // line 5: 3 errors
                + "A-5,70000005,Ana,Ruiz,1980-05-01,F,216,procesado,186,1,,,ejecucion,60,0,,,,,,\n" // line 6: stage
                + "A-6,70000006,Ana,Ruiz,1980-05-01,F,216,condenado,186,1,,,,60,0,true,talvez,,,,\n" // line 7: 2 errors
                + "A-1,70000007,Ana,Ruiz,2030-05-01,F,216,condenado,186,1,,,,60,1,,,,,,\n"       // line 8: dup + birth
                + "A-8,70000001,Ana,Ruiz,1980-05-01,F,216,condenado,186,1,,,,60,1,,,,,\n"        // line 9: field count
                + "A-9,70000001,Ana,Ruiz,1980-05-01,F,216,condenado,186,1,,,,60,1,,,,,,\n");     // line 10: dup DNI
        assertThat(r.ok()).isFalse();
        assertThat(r.entries()).isEmpty();
        assertThat(r.errors()).extracting(e -> e.line() + ":" + e.column()).containsExactly(
                "3:dni",
                "4:birth_date", "4:sex", "4:penal_centre", "4:legal_status",
                "5:penalty_months", "5:served_days", "5:offences",
                "6:sentence_stage",
                "7:recidivist", "7:pregnant",
                "8:birth_date",
                "9:null",
                "10:dni");
        assertThat(r.errorCount()).isEqualTo(14);
        assertThat(r.errors().get(0).toString()).isEqualTo("line 3, column dni: a DNI is exactly 8 digits (got \"7000002\")");
    }

    @Test
    void aDuplicateInternalIdNamesTheFirstLine() {
        RegisterCsv.Result r = read(HEADER
                + "A-1,70000001,Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n"
                + "A-1,70000002,Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n");
        assertThat(r.errors()).extracting(RegisterCsv.LineError::toString)
                .containsExactly("line 3, column internal_id: duplicate internal_id A-1 (also on line 2)");
    }

    @Test
    void linesAreCountedAcrossQuotedNewlinesAndBlankLines() {
        RegisterCsv.Result r = read(HEADER
                + "A-1,70000001,\"Juan\nCarlos\",Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n"
                + "\n"
                + "A-2,70000002,Ana,Ruiz,1980-05-01,M,216,procesado,186,xx,,,,60,0,,,,,,\n");
        assertThat(r.errors()).extracting(e -> e.line() + ":" + e.column()).containsExactly("5:served_days");
    }

    @Test
    void eachEntryKeepsTheLineItCameFrom() {
        // the import checks entries against the stored register afterwards and reports those errors by line too
        RegisterCsv.Result r = read(HEADER
                + "A-1,70000001,\"Juan\nCarlos\",Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n"
                + "\n"
                + "A-2,70000002,Ana,Ruiz,1980-05-01,F,216,procesado,186,12,,,,60,0,,,,,,\n");
        assertThat(r.ok()).as(r.errors().toString()).isTrue();
        assertThat(r.entries()).extracting(RegisterEntry::internalId).containsExactly("A-1", "A-2");
        assertThat(r.entryLines()).containsExactly(2, 5);
    }

    @Test
    void thePriorityGroupOfPregnantWomenIsNotGivenToAMan() {
        RegisterCsv.Result r = read(HEADER
                + "A-1,70000001,Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,sí,,,,\n"
                + "A-2,70000002,Ana,Ruiz,1980-05-01,F,216,procesado,186,120,,,,60,0,,sí,,,,\n"
                + "A-3,70000003,Luis,Ruiz,1980-05-01,M,216,procesado,186,120,,,,60,0,,no,sí,,,\n");
        assertThat(r.errors()).extracting(RegisterCsv.LineError::toString).containsExactly(
                "line 2, column pregnant: the priority group of Código Penal art. 29-A.5.d is of pregnant women "
                        + "(sex is M)");
        // a father heading the family may have a child under 3 in his care (art. 29-A.5.e)
        assertThat(r.errorCount()).isEqualTo(1);
    }

    @Test
    void theHeaderIsCheckedFirst() {
        assertThat(read("").errors()).extracting(RegisterCsv.LineError::toString)
                .containsExactly("line 1: empty file: expected a header internal_id,dni,given_names,surnames,birth_date,"
                        + "sex,penal_centre,legal_status,offences,served_days");
        RegisterCsv.Result r = read("internal_id,dni,given_names,surname,birth_date,sex,penal_centre,legal_status,"
                + "offences,served_days\n");
        assertThat(r.errors()).extracting(e -> e.line() + ":" + e.column()).containsExactly("1:surname", "1:surnames");
        assertThat(read(HEADER).errors()).extracting(RegisterCsv.LineError::toString)
                .containsExactly("line 2: no people in the file");
    }

    @Test
    void anUnterminatedQuoteIsAMalformedFile() {
        RegisterCsv.Result r = read(HEADER + "A-1,70000001,\"Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n");
        assertThat(r.ok()).isFalse();
        assertThat(r.errors().get(0).message()).startsWith("malformed CSV");
    }

    @Test
    void aSupervisorMayOnlyImportEstablishmentsOfTheirRegion() {
        RegisterCsv.Result r = new RegisterCsv(CENTRES, "Lima", TODAY).read(HEADER
                + "A-1,70000001,Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n"
                + "A-2,70000002,Ana,Ruiz,1980-05-01,F,E.P. de Moquegua,procesado,186,120,,,,60,0,,,,,,\n", n -> { });
        assertThat(r.errors()).extracting(RegisterCsv.LineError::toString).containsExactly(
                "line 3, column penal_centre: E.P. de Moquegua is of the regional office Sur-Arequipa, outside your "
                        + "region Lima");
    }

    @Test
    void errorsBeyondTheReportLimitAreCounted() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 150; i++) {
            csv.append("A-").append(i).append(",bad,Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n");
        }
        RegisterCsv.Result r = read(csv.toString());
        assertThat(r.errors()).hasSize(RegisterCsv.MAX_ERRORS);
        assertThat(r.errorCount()).isEqualTo(150);
    }

    @Test
    void progressIsReportedUpToTheLastLine() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 12_000; i++) {
            csv.append("A-").append(i).append(',').append(70_000_000 + i)
                    .append(",Juan,Pérez,1980-05-01,M,216,procesado,186,120,,,,60,0,,,,,,\n");
        }
        List<Integer> seen = new ArrayList<>();
        RegisterCsv.Result r = new RegisterCsv(CENTRES, null, TODAY).read(csv.toString(), seen::add);
        assertThat(r.entries()).hasSize(12_000);
        assertThat(seen).contains(5_001, 10_001).last().isEqualTo(12_001);
    }
}
