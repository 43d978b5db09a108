package org.alterna.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The projection against figures computed by hand. */
class ProjectionTest {
    static final EligibilitySettings DEFAULTS = new EligibilitySettings(new BigDecimal("30.00"), new BigDecimal("25.00"),
            1.19, 27, 4, 90, DataSize.ofMegabytes(64), 2000);

    // Lurigancho (INPE, 31 Jan 2026): capacity 3,204, population 10,013; Castro Castro 1,142 / 5,432; Arequipa 667 / 2,473
    static final List<Projection.CentreInput> CENTRES = List.of(
            new Projection.CentreInput(1, "216", "E.P. de Lurigancho", "Lima", "Lima", -11.99, -76.99, 3204, 10013,
                    10013, 1500, 300, 50),
            new Projection.CentreInput(2, "217", "E.P. Miguel Castro Castro", "Lima", "Lima", -11.98, -76.99, 1142,
                    5432, 5432, 601, 99, 0),
            new Projection.CentreInput(3, "301", "E.P. de Arequipa", "Sur-Arequipa", "Arequipa", -16.45, -71.53, 667,
                    2473, 2473, 250, 41, 10));

    @Test
    void halfOfTheEligibleMoved() {
        Projection.Result r = Projection.project(CENTRES, 0.5, Projection.Group.ALL, DEFAULTS);
        // moved: 0.5 × 1500 = 750; 0.5 × 601 = 300.5 → 301 (half up); 0.5 × 250 = 125
        assertThat(r.centres()).extracting(Projection.CentreResult::moved).containsExactly(750L, 301L, 125L);
        Projection.CentreResult lurigancho = r.centres().get(0);
        // now 10,013 / 3,204 = 312.5 %; after 9,263 / 3,204 = 289.1 %
        assertThat(lurigancho.now().occupancyPercent()).isEqualTo(312.5);
        assertThat(lurigancho.now().overcrowdingPercent()).isEqualTo(212.5);
        assertThat(lurigancho.projected().population()).isEqualTo(9263);
        assertThat(lurigancho.projected().occupancyPercent()).isEqualTo(289.1);

        Projection.Area lima = r.regions().get(0);
        assertThat(lima.name()).isEqualTo("Lima");
        assertThat(lima.moved()).isEqualTo(1051);
        // (10,013 + 5,432) / (3,204 + 1,142) = 15,445 / 4,346 = 355.4 %; after 14,394 / 4,346 = 331.2 %
        assertThat(lima.now().occupancyPercent()).isEqualTo(355.4);
        assertThat(lima.projected().occupancyPercent()).isEqualTo(331.2);

        Projection.Area nation = r.nation();
        assertThat(nation.moved()).isEqualTo(1176);
        assertThat(nation.eligible()).isEqualTo(2351);
        assertThat(nation.needsReview()).isEqualTo(60);
        // devices ⌈1,176 × 1.19⌉ = ⌈1,399.44⌉ = 1,400; staff ⌈1,176 / 27⌉ = 44; installers ⌈1,176 / 360⌉ = 4
        assertThat(nation.resources()).isEqualTo(new Projection.Resources(1176, 1400, 4, 44));
        // prison 1,176 × 30 = 35,280 a day; monitoring × 25 = 29,400; saving 5,880
        Projection.Costs c = nation.costs();
        assertThat(c.prisonPerDay()).isEqualByComparingTo("35280.00");
        assertThat(c.monitoringPerDay()).isEqualByComparingTo("29400.00");
        assertThat(c.savingPerDay()).isEqualByComparingTo("5880.00");
        // a month is 365/12 days: 35,280 × 365 / 12 = 1,073,100; a year 12,877,200
        assertThat(c.prisonPerMonth()).isEqualByComparingTo("1073100.00");
        assertThat(c.monitoringPerMonth()).isEqualByComparingTo("894250.00");
        assertThat(c.savingPerYear()).isEqualByComparingTo("2146200.00");
        assertThat(c.prisonPerYear()).isEqualByComparingTo("12877200.00");
    }

    @Test
    void onlyThePriorityGroups() {
        Projection.Result r = Projection.project(CENTRES, 1.0, Projection.Group.PRIORITY, DEFAULTS);
        assertThat(r.centres()).extracting(Projection.CentreResult::moved).containsExactly(300L, 99L, 41L);
        assertThat(r.nation().moved()).isEqualTo(440);
        // ⌈440 × 1.19⌉ = ⌈523.6⌉ = 524 devices; ⌈440 / 27⌉ = 17 staff; ⌈440 / 360⌉ = 2 installers
        assertThat(r.nation().resources()).isEqualTo(new Projection.Resources(440, 524, 2, 17));
    }

    @Test
    void nobodyMovedChangesNothingAndCostsNothing() {
        Projection.Result r = Projection.project(CENTRES, 0, Projection.Group.ALL, DEFAULTS);
        assertThat(r.nation().projected()).isEqualTo(r.nation().now());
        assertThat(r.nation().resources()).isEqualTo(new Projection.Resources(0, 0, 0, 0));
        assertThat(r.nation().costs().savingPerYear()).isEqualByComparingTo("0");
    }

    @Test
    void configuredCostsAndRatiosAreUsed() {
        EligibilitySettings contract = new EligibilitySettings(new BigDecimal("30"), new BigDecimal("12.80"), 1.0, 50,
                10, 30, DataSize.ofMegabytes(64), 2000);
        Projection.Area a = Projection.project(CENTRES.subList(0, 1), 1.0, Projection.Group.ALL, contract).nation();
        assertThat(a.moved()).isEqualTo(1500);
        assertThat(a.resources()).isEqualTo(new Projection.Resources(1500, 1500, 5, 30));
        assertThat(a.costs().savingPerDay()).isEqualByComparingTo("25800.00"); // 1,500 × (30 − 12.80)
    }
}
