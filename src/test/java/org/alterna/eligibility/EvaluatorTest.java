package org.alterna.eligibility;

import static org.alterna.eligibility.Entries.TODAY;
import static org.alterna.eligibility.Entries.condenado;
import static org.alterna.eligibility.Entries.procesado;
import static org.alterna.eligibility.Entries.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.alterna.eligibility.Reason.Effect;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The triage against the legal text, case by case, on the rule sets shipped with Alterna: DL 1322 art. 5 (8 years
 * for procesados and condenados, excluded offences), Código Penal art. 52-B as written by DL 1514 (2020) and by
 * DL 1585 (2023) (conversion ranges with and without community service), art. 29-A.4 (recidivism) and 29-A.5
 * (priority groups). Every threshold is tried at its edge and one month beyond.
 */
class EvaluatorTest {
    static final Evaluator DL1514 = new Evaluator(Entries.bundled(Entries.DL1514, 1));
    static final Evaluator DL1585 = new Evaluator(Entries.bundled(Entries.DL1585, 2));

    static List<String> met(Evaluation e) {
        return e.reasons().stream().filter(r -> r.effect() == Effect.MET).map(Reason::ruleId).toList();
    }

    static List<String> ids(Evaluation e, Effect effect) {
        return e.reasons().stream().filter(r -> r.effect() == effect).map(Reason::ruleId).toList();
    }

    @Nested
    class Procesados {
        @Test
        void chargedWithAnOffencePunishableByAtMostEightYearsIsEligibleUnderDl1322Art5_1a() {
            Evaluation e = DL1514.evaluate(procesado(96), TODAY);
            assertThat(e.status()).isEqualTo(Status.ELIGIBLE);
            assertThat(met(e)).containsExactly("PRE-5.1.A");
            assertThat(e.communityService()).isFalse();
        }

        @Test
        void oneMonthAboveEightYearsIsNotEligibleAndTheClosedRouteIsTheReason() {
            Evaluation e = DL1514.evaluate(procesado(97), TODAY);
            assertThat(e.status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(e.reasons()).containsExactly(new Reason("PRE-5.1.A", Effect.NOT_MET, null));
            assertThat(e.priority()).isZero();
        }

        @Test
        void theConversionRangesOfSentencesNeverApplyToSomeoneAwaitingTrial() {
            // 10 years is inside 52-B ranges for condenados but a procesado only has the 8-year route
            Evaluation e = DL1585.evaluate(procesado(120), TODAY);
            assertThat(e.status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(ids(e, Effect.NOT_MET)).containsExactly("PRE-5.1.A");
        }

        @Test
        void recidivismOfArt29A4IsNotAppliedToSomeoneAwaitingTrial() {
            Evaluation e = DL1514.evaluate(with(procesado(60)).priors(2, true).build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.ELIGIBLE);
        }

        @Test
        void withoutAKnownPenaltyTheRouteIsUndecidedAndThePersonNeedsReview() {
            Evaluation e = DL1514.evaluate(with(procesado(60)).penalty(null).build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.NEEDS_REVIEW);
            assertThat(e.reasons()).containsExactly(new Reason("PRE-5.1.A", Effect.REVIEW, Reason.MISSING_PENALTY));
        }
    }

    @Nested
    class CondenadosUnderDl1514 {
        @ParameterizedTest(name = "{0} months in execution → {1}, community service {2}, routes {3}")
        @CsvSource({
            "1, ELIGIBLE, false, CON-5.1.B",
            "71, ELIGIBLE, false, CON-5.1.B",
            "72, ELIGIBLE, false, CON-5.1.B CONV-EXE-A",        // 52-B.2.a: no menor de 6 años
            "96, ELIGIBLE, false, CON-5.1.B CONV-EXE-A CONV-EXE-B", // 8 years: within (a) and (b); (a) needs no service
            "97, ELIGIBLE, true, CONV-EXE-B",                  // 52-B.2.b: 8 to 10 years only with community service
            "120, ELIGIBLE, true, CONV-EXE-B",
            "121, NOT_ELIGIBLE, false, ''"})
        void sentencesInExecution(int months, Status status, boolean service, String routes) {
            Evaluation e = DL1514.evaluate(condenado(months, SentenceStage.EXECUTION), TODAY);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.communityService()).isEqualTo(service);
            assertThat(met(e)).containsExactlyElementsOf(routes.isEmpty() ? List.of() : List.of(routes.split(" ")));
        }

        @Test
        void aSentenceWithoutAStageIsOneBeingServed() {
            assertThat(met(DL1514.evaluate(condenado(100, null), TODAY))).containsExactly("CONV-EXE-B");
        }

        @ParameterizedTest(name = "{0} months imposed → {1}, community service {2}, routes {3}")
        @CsvSource({
            "47, ELIGIBLE, false, CON-5.1.B",
            "48, ELIGIBLE, false, CON-5.1.B CONV-IMP-A",         // 52-B.1.a: no menor de 4 años
            "84, ELIGIBLE, false, CON-5.1.B CONV-IMP-A CONV-IMP-B", // 7 years: within (a) and (b)
            "85, ELIGIBLE, false, CON-5.1.B CONV-IMP-B",         // still within the 8 years of DL 1322 art. 5.1.b
            "97, ELIGIBLE, true, CONV-IMP-B",                    // 7 to 10 years only with community service
            "120, ELIGIBLE, true, CONV-IMP-B",
            "121, NOT_ELIGIBLE, false, ''"})
        void sentencesAsImposed(int months, Status status, boolean service, String routes) {
            Evaluation e = DL1514.evaluate(condenado(months, SentenceStage.IMPOSED), TODAY);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.communityService()).isEqualTo(service);
            assertThat(met(e)).containsExactlyElementsOf(routes.isEmpty() ? List.of() : List.of(routes.split(" ")));
        }

        @Test
        void notEligibleListsEveryClosedRouteOfTheStage() {
            Evaluation e = DL1514.evaluate(condenado(121, SentenceStage.EXECUTION), TODAY);
            assertThat(ids(e, Effect.NOT_MET)).containsExactlyInAnyOrder("CON-5.1.B", "CONV-EXE-A", "CONV-EXE-B");
        }
    }

    @Nested
    class CondenadosUnderDl1585 {
        @ParameterizedTest(name = "{0} months ({1}) → {2}, community service {3}")
        @CsvSource({
            "120, EXECUTION, ELIGIBLE, false",   // 52-B.2.a: no mayor de 10 años
            "121, EXECUTION, ELIGIBLE, true",    // 52-B.2.b: 10 to 12 years with community service
            "144, EXECUTION, ELIGIBLE, true",
            "145, EXECUTION, NOT_ELIGIBLE, false",
            "120, IMPOSED, ELIGIBLE, false",     // 52-B.1.a
            "121, IMPOSED, ELIGIBLE, true",      // 52-B.1.b
            "144, IMPOSED, ELIGIBLE, true",
            "145, IMPOSED, NOT_ELIGIBLE, false"})
        void conversionRanges(int months, SentenceStage stage, Status status, boolean service) {
            Evaluation e = DL1585.evaluate(condenado(months, stage), TODAY);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.communityService()).isEqualTo(service);
        }

        @Test
        void theNewDecreeOpensWhatTheOldOneClosedAndDropsACondition() {
            RegisterEntry tenAndAHalf = condenado(126, SentenceStage.EXECUTION);
            assertThat(DL1514.evaluate(tenAndAHalf, TODAY).status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(DL1585.evaluate(tenAndAHalf, TODAY).status()).isEqualTo(Status.ELIGIBLE);
            RegisterEntry nine = condenado(108, SentenceStage.EXECUTION);
            assertThat(DL1514.evaluate(nine, TODAY).communityService()).isTrue();
            assertThat(DL1585.evaluate(nine, TODAY).communityService()).isFalse();
        }
    }

    static Stream<String> excludedArticles() {
        return Entries.bundled(Entries.DL1514, 1).rules().stream()
                .filter(r -> r instanceof RuleSet.ExcludedOffences)
                .flatMap(r -> ((RuleSet.ExcludedOffences) r).articles().stream()).sorted();
    }

    @Nested
    class ExcludedOffences {
        @Test
        void theRuleSetExcludesTheOffencesListedInArt5OfDl1322() {
            // the articles quoted by the official summary of art. 5 (Andina, 6 Jan 2017) and the categories it names
            assertThat(excludedArticles()).contains("107", "108", "108-A", "108-B", "108-C", "108-D", "121", "152",
                    "153", "170", "173", "189", "200", "279-G", "296", "297", "317");
        }

        @ParameterizedTest(name = "CP art. {0} excludes a procesado")
        @MethodSource("org.alterna.eligibility.EvaluatorTest#excludedArticles")
        void eachExcludedOffenceExcludesAProcesadoWithinThePenaltyThreshold(String article) {
            Evaluation e = DL1514.evaluate(with(procesado(48)).offences("186", article).build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(e.reasons()).hasSize(1);
            assertThat(e.reasons().get(0).effect()).isEqualTo(Effect.EXCLUDED);
            assertThat(e.reasons().get(0).arg()).isEqualTo(article);
            assertThat(e.reasons().get(0).ruleId()).startsWith("EXCL-");
        }

        @ParameterizedTest(name = "CP art. {0} excludes a condenado under both decrees")
        @MethodSource("org.alterna.eligibility.EvaluatorTest#excludedArticles")
        void eachExcludedOffenceExcludesACondenadoUnderBothDecrees(String article) {
            RegisterEntry e = with(condenado(48, SentenceStage.EXECUTION)).offences(article).build();
            assertThat(DL1514.evaluate(e, TODAY).status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(DL1585.evaluate(e, TODAY).status()).isEqualTo(Status.NOT_ELIGIBLE);
        }

        @ParameterizedTest(name = "CP art. {0} is not excluded")
        @ValueSource(strings = {"185", "186", "188", "196", "149", "111", "124", "122", "108-E", "190"})
        void otherOffencesDoNotExclude(String article) {
            assertThat(DL1514.evaluate(with(procesado(48)).offences(article).build(), TODAY).status())
                    .isEqualTo(Status.ELIGIBLE);
        }

        @Test
        void anExclusionWinsOverAMissingPenaltyAndEveryExcludedOffenceIsAReason() {
            Evaluation e = DL1514.evaluate(with(procesado(48)).penalty(null).offences("189", "296").build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(e.reasons()).containsExactly(new Reason("EXCL-ROBBERY", Effect.EXCLUDED, "189"),
                    new Reason("EXCL-DRUGS", Effect.EXCLUDED, "296"));
        }
    }

    @Nested
    class Recidivism {
        @Test
        void aCondenadoFoundRecidivistIsExcludedByArt29A4() {
            Evaluation e = DL1514.evaluate(with(condenado(60, null)).priors(1, true).build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(e.reasons()).containsExactly(new Reason("RECIDIVISM", Effect.EXCLUDED, null));
        }

        @Test
        void priorConvictionsWithoutAFindingNeedReview() {
            Evaluation e = DL1514.evaluate(with(condenado(60, null)).priors(1, null).build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.NEEDS_REVIEW);
            assertThat(e.reasons()).contains(new Reason("RECIDIVISM", Effect.REVIEW, Reason.UNKNOWN_RECIDIVISM));
            assertThat(met(e)).containsExactly("CON-5.1.B");
        }

        @Test
        void priorConvictionsFoundNotRecidivistAreNoObstacle() {
            assertThat(DL1514.evaluate(with(condenado(60, null)).priors(1, false).build(), TODAY).status())
                    .isEqualTo(Status.ELIGIBLE);
        }

        @Test
        void priorConvictionsOutsideEveryRouteAreNotEligibleNotReview() {
            Evaluation e = DL1514.evaluate(with(condenado(200, null)).priors(1, null).build(), TODAY);
            assertThat(e.status()).isEqualTo(Status.NOT_ELIGIBLE);
        }
    }

    @Nested
    class PriorityGroups {
        @Test
        void olderThan65MeansThe66thBirthdayHasBeenReached() {
            // Código Penal art. 29-A.5.a: "los mayores de 65 años", in completed years
            RegisterEntry sixtyFive = with(procesado(48)).born(TODAY.minusYears(66).plusDays(1)).build();
            RegisterEntry sixtySix = with(procesado(48)).born(TODAY.minusYears(66)).build();
            assertThat(DL1514.evaluate(sixtyFive, TODAY).priority()).isZero();
            Evaluation older = DL1514.evaluate(sixtySix, TODAY);
            assertThat(older.priority()).isEqualTo(1);
            assertThat(ids(older, Effect.PRIORITY)).containsExactly("PRIO-OVER-65");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"PREGNANT, PRIO-PREGNANT", "CHILD_UNDER_3, PRIO-CHILD", "SERIOUS_ILLNESS, PRIO-ILLNESS",
            "PERMANENT_DISABILITY, PRIO-DISABILITY"})
        void eachFactOfArt29A5IsAPriorityGroup(PriorityFact fact, String rule) {
            RegisterEntry e = with(procesado(48)).facts(fact == PriorityFact.PREGNANT,
                    fact == PriorityFact.CHILD_UNDER_3, fact == PriorityFact.SERIOUS_ILLNESS,
                    fact == PriorityFact.PERMANENT_DISABILITY).build();
            Evaluation ev = DL1514.evaluate(e, TODAY);
            assertThat(ev.status()).isEqualTo(Status.ELIGIBLE);
            assertThat(ev.priority()).isEqualTo(1);
            assertThat(ids(ev, Effect.PRIORITY)).containsExactly(rule);
        }

        @Test
        void groupsAddUpAndCountForPeopleNeedingReviewToo() {
            RegisterEntry e = with(condenado(60, null)).born(TODAY.minusYears(70)).facts(false, false, true, true)
                    .priors(2, null).build();
            Evaluation ev = DL1514.evaluate(e, TODAY);
            assertThat(ev.status()).isEqualTo(Status.NEEDS_REVIEW);
            assertThat(ev.priority()).isEqualTo(3);
        }

        @Test
        void aPriorityGroupDoesNotOpenAClosedRoute() {
            RegisterEntry e = with(procesado(200)).facts(true, true, true, true).build();
            Evaluation ev = DL1514.evaluate(e, TODAY);
            assertThat(ev.status()).isEqualTo(Status.NOT_ELIGIBLE);
            assertThat(ev.priority()).isZero();
        }
    }

    @Test
    void reasonsSurviveTheirStoredForm() {
        Evaluation e = DL1514.evaluate(with(condenado(100, null)).born(TODAY.minusYears(70)).priors(1, null).build(),
                TODAY);
        assertThat(Reason.decode(e.encodedReasons())).isEqualTo(e.reasons());
        assertThat(e.encodedReasons()).isEqualTo("CONV-EXE-B:MET|RECIDIVISM:REVIEW:recidivism|PRIO-OVER-65:PRIORITY");
    }
}
