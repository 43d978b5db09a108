package org.alterna.eligibility;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.alterna.eligibility.Reason.Effect;
import org.alterna.eligibility.RuleSet.PenaltyRoute;
import org.alterna.eligibility.RuleSet.PriorityAge;
import org.alterna.eligibility.RuleSet.PriorityFactRule;
import org.alterna.eligibility.RuleSet.Recidivism;

/**
 * The triage, a pure function of (rule set, register entry, day): no I/O, no clock.
 *
 * <ol>
 * <li>An excluded offence, or recidivism for a legal status the rule names, makes the person NOT_ELIGIBLE; the
 * reasons are the exclusions.</li>
 * <li>Otherwise the routes of the person's legal status (and stage) are tried against the penalty: none open and
 * none undecidable is NOT_ELIGIBLE, with every closed route as reason.</li>
 * <li>Otherwise ELIGIBLE, or NEEDS_REVIEW when a rule could not be decided (penalty missing, prior convictions
 * without a finding on recidivism); the reasons are the open routes, the undecided rules and the priority groups.</li>
 * </ol>
 * Where routes overlap (a penalty of exactly 8 years in execution is within both 52-B.2.a and 52-B.2.b), the person
 * gets the more favourable one: community service is required only when every open route requires it.
 */
final class Evaluator {
    private final RuleSet.Compiled rules;

    Evaluator(RuleSet ruleSet) {
        this.rules = ruleSet.compile();
    }

    RuleSet ruleSet() {
        return rules.ruleSet();
    }

    Evaluation evaluate(RegisterEntry e, LocalDate asOf) {
        List<Reason> excluded = new ArrayList<>(2);
        for (String article : e.offences()) {
            RuleSet.ExcludedOffences x = rules.excludedByArticle().get(article);
            if (x != null) {
                excluded.add(new Reason(x.id(), Effect.EXCLUDED, article));
            }
        }
        List<Reason> review = new ArrayList<>(2);
        for (Recidivism r : rules.recidivism()) {
            if (!r.appliesTo(e.legalStatus())) {
                continue;
            }
            if (Boolean.TRUE.equals(e.recidivist())) {
                excluded.add(new Reason(r.id(), Effect.EXCLUDED, null));
            } else if (e.recidivist() == null && e.priorConvictions() > 0) {
                review.add(new Reason(r.id(), Effect.REVIEW, Reason.UNKNOWN_RECIDIVISM));
            }
        }
        if (!excluded.isEmpty()) {
            return new Evaluation(Status.NOT_ELIGIBLE, 0, false, excluded);
        }
        SentenceStage stage = e.effectiveStage();
        List<Reason> met = new ArrayList<>(3);
        List<Reason> notMet = new ArrayList<>(3);
        boolean anyWithout = false;
        for (PenaltyRoute route : rules.routes()) {
            if (!route.appliesTo(e.legalStatus(), stage)) {
                continue;
            }
            if (e.penaltyMonths() == null) {
                review.add(new Reason(route.id(), Effect.REVIEW, Reason.MISSING_PENALTY));
            } else if (route.admits(e.penaltyMonths())) {
                met.add(new Reason(route.id(), Effect.MET, null));
                anyWithout |= !route.communityService();
            } else {
                notMet.add(new Reason(route.id(), Effect.NOT_MET, null));
            }
        }
        boolean penaltyUnknown = e.penaltyMonths() == null;
        if (met.isEmpty() && !penaltyUnknown) {
            return new Evaluation(Status.NOT_ELIGIBLE, 0, false, notMet);
        }
        List<Reason> reasons = new ArrayList<>(met.size() + review.size() + 2);
        reasons.addAll(met);
        reasons.addAll(review);
        int priority = 0;
        int age = Period.between(e.birthDate(), asOf).getYears();
        for (PriorityAge p : rules.ages()) {
            if (age > p.olderThanYears()) {
                reasons.add(new Reason(p.id(), Effect.PRIORITY, null));
                priority++;
            }
        }
        for (PriorityFactRule p : rules.facts()) {
            if (e.has(p.fact())) {
                reasons.add(new Reason(p.id(), Effect.PRIORITY, null));
                priority++;
            }
        }
        Status status = review.isEmpty() ? Status.ELIGIBLE : Status.NEEDS_REVIEW;
        boolean communityService = !met.isEmpty() && !anyWithout;
        return new Evaluation(status, priority, communityService, reasons);
    }
}
