package org.alterna.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One version of the law as data: the legal routes to electronic monitoring (penalty thresholds and conversion
 * ranges), the excluded offences, recidivism and the priority groups, each rule with its id, its legal basis and a
 * sentence in Spanish and English. Built only by {@link RuleSetParser}; immutable.
 */
record RuleSet(int version, String code, Text title, LocalDate inForceFrom, List<String> sources, List<Rule> rules) {

    /** A text in the console's two languages (Spanish first: the users speak Spanish). */
    record Text(String es, String en) {
        String in(Locale locale) {
            return locale != null && "en".equals(locale.getLanguage()) ? en : es;
        }
    }

    /** A rule: its id (stable across versions when it means the same thing), legal basis and description. */
    sealed interface Rule permits PenaltyRoute, ExcludedOffences, Recidivism, PriorityAge, PriorityFactRule {
        String id();

        String basis();

        Text text();
    }

    /**
     * A legal route to monitoring by the penalty: for a legal status (and, for condenados, optionally a stage), a
     * penalty in months between {@code minMonths} and {@code maxMonths}, both inclusive (the decrees say "no menor
     * de … ni mayor de …"), either bound open when null; with or without community service.
     */
    record PenaltyRoute(String id, String basis, Text text, LegalStatus legalStatus, SentenceStage stage,
            Integer minMonths, Integer maxMonths, boolean communityService) implements Rule {
        boolean appliesTo(LegalStatus status, SentenceStage personStage) {
            return legalStatus == status && (stage == null || stage == personStage);
        }

        boolean admits(int months) {
            return (minMonths == null || months >= minMonths) && (maxMonths == null || months <= maxMonths);
        }
    }

    /** Offences (Código Penal articles) for which monitoring is excluded, for procesados and condenados alike. */
    record ExcludedOffences(String id, String basis, Text text, Set<String> articles) implements Rule {
    }

    /** No monitoring for a recidivist of the given legal status (null: both). */
    record Recidivism(String id, String basis, Text text, LegalStatus legalStatus) implements Rule {
        boolean appliesTo(LegalStatus status) {
            return legalStatus == null || legalStatus == status;
        }
    }

    /** Priority for people older than {@code olderThanYears} completed years on the day of the evaluation. */
    record PriorityAge(String id, String basis, Text text, int olderThanYears) implements Rule {
    }

    /** Priority for people with a fact of the register (pregnancy, child under 3, serious illness, disability). */
    record PriorityFactRule(String id, String basis, Text text, PriorityFact fact) implements Rule {
    }

    RuleSet {
        sources = List.copyOf(sources);
        rules = List.copyOf(rules);
    }

    Rule rule(String id) {
        return index().get(id);
    }

    private Map<String, Rule> index() {
        Map<String, Rule> byId = new LinkedHashMap<>();
        for (Rule r : rules) {
            byId.put(r.id(), r);
        }
        return byId;
    }

    /** The rules arranged for fast evaluation (one per rule set, reused for every person). */
    Compiled compile() {
        Map<String, Rule> byId = index();
        List<PenaltyRoute> routes = new ArrayList<>();
        List<Recidivism> recidivism = new ArrayList<>();
        List<PriorityAge> ages = new ArrayList<>();
        List<PriorityFactRule> facts = new ArrayList<>();
        Map<String, ExcludedOffences> excluded = new HashMap<>();
        for (Rule r : rules) {
            if (r instanceof PenaltyRoute p) {
                routes.add(p);
            } else if (r instanceof ExcludedOffences x) {
                x.articles().forEach(a -> excluded.putIfAbsent(a, x));
            } else if (r instanceof Recidivism x) {
                recidivism.add(x);
            } else if (r instanceof PriorityAge x) {
                ages.add(x);
            } else if (r instanceof PriorityFactRule x) {
                facts.add(x);
            }
        }
        return new Compiled(this, byId, List.copyOf(routes), Map.copyOf(excluded), List.copyOf(recidivism),
                List.copyOf(ages), List.copyOf(facts));
    }

    record Compiled(RuleSet ruleSet, Map<String, Rule> byId, List<PenaltyRoute> routes,
            Map<String, ExcludedOffences> excludedByArticle, List<Recidivism> recidivism, List<PriorityAge> ages,
            List<PriorityFactRule> facts) {
    }
}
