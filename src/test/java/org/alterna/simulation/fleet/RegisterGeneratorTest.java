package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The synthetic register follows INPE's published figures per establishment, and labels everyone synthetic. */
class RegisterGeneratorTest {
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

    @Test
    void atFullScaleEveryEstablishmentHasItsPopulationItsProcesadosAndItsWomen() throws IOException {
        String csv = RegisterGenerator.csv(2026, 1.0, TODAY);
        List<RegisterGenerator.Establishment> all = RegisterGenerator.establishments();
        assertThat(all).hasSize(69);
        Map<String, int[]> seen = new HashMap<>(); // people, procesados, women
        Set<String> ids = new HashSet<>();
        Set<String> dnis = new HashSet<>();
        long women = 0;
        long total = 0;
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            int[] n = seen.computeIfAbsent(r.get("penal_centre"), k -> new int[3]);
            n[0]++;
            if (r.get("legal_status").equals("procesado")) {
                n[1]++;
            }
            if (r.get("sex").equals("F")) {
                n[2]++;
                women++;
            }
            total++;
            assertThat(r.get("synthetic")).isEqualTo("true");
            assertThat(r.get("internal_id")).startsWith("SIM-");
            assertThat(r.get("dni")).matches("7\\d{7}");
            ids.add(r.get("internal_id"));
            dnis.add(r.get("dni"));
        }
        assertThat(total).isEqualTo(103_717); // INPE, 31 Jan 2026
        assertThat(ids).hasSize(103_717);
        assertThat(dnis).hasSize(103_717);
        for (RegisterGenerator.Establishment e : all) {
            int[] n = seen.get(e.reference());
            assertThat(n).as(e.name()).isNotNull();
            assertThat(n[0]).as(e.name() + " population").isEqualTo(e.population());
            assertThat(n[1]).as(e.name() + " procesados").isEqualTo(e.procesados());
            if (e.womenOnly()) {
                assertThat(n[2]).as(e.name() + " women").isEqualTo(e.population());
            }
        }
        assertThat(seen.get("216")[2]).as("women in Lurigancho, a mixed establishment").isLessThan(10_013 / 10);
        assertThat((double) women / total).isCloseTo(RegisterGenerator.NATIONAL_FEMALE_SHARE,
                org.assertj.core.data.Offset.offset(0.003));
    }

    @Test
    void aScaledRegisterKeepsEachEstablishmentsShareAndTheSameSeedTheSamePeople() {
        String a = RegisterGenerator.csv(7, 0.05, TODAY);
        assertThat(a).isEqualTo(RegisterGenerator.csv(7, 0.05, TODAY));
        assertThat(a).isNotEqualTo(RegisterGenerator.csv(8, 0.05, TODAY));
        long lines = a.lines().count() - 1;
        long expected = RegisterGenerator.establishments().stream()
                .mapToLong(e -> RegisterGenerator.people(e, 0.05)).sum();
        assertThat(lines).isEqualTo(expected).isBetween(5_150L, 5_220L);
    }

    @Test
    void casesGoToTheCourtsOfTheirDepartment() {
        RegisterGenerator.Establishment lurigancho = RegisterGenerator.establishments().stream()
                .filter(e -> "216".equals(e.code())).findFirst().orElseThrow();
        assertThat(Set.of(RegisterGenerator.court(lurigancho, 0), RegisterGenerator.court(lurigancho, 1),
                RegisterGenerator.court(lurigancho, 2))).containsExactlyInAnyOrder("JIP-LIMA-01", "JIP-LIMA-02",
                        "JIP-LIMA-03");
        RegisterGenerator.Establishment madre = RegisterGenerator.establishments().stream()
                .filter(e -> e.department().equals("Madre de Dios")).findFirst().orElseThrow();
        assertThat(RegisterGenerator.court(madre, 5)).isEqualTo("JIP-MADRE-DE-DIOS-01");
    }
}
