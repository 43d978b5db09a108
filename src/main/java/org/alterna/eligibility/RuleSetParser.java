package org.alterna.eligibility;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.alterna.common.InvalidInputException;
import org.alterna.eligibility.RuleSet.ExcludedOffences;
import org.alterna.eligibility.RuleSet.PenaltyRoute;
import org.alterna.eligibility.RuleSet.PriorityAge;
import org.alterna.eligibility.RuleSet.PriorityFactRule;
import org.alterna.eligibility.RuleSet.Recidivism;
import org.alterna.eligibility.RuleSet.Rule;
import org.alterna.eligibility.RuleSet.Text;
import tools.jackson.databind.JsonNode;

/**
 * Reads a rule set document (JSON, see {@code docs/eligibility.md}) and checks it completely before anything is
 * stored: every error names its field, e.g. {@code rules[4].maxMonths}.
 */
final class RuleSetParser {
    static final Pattern RULE_ID = Pattern.compile("[A-Z0-9][A-Z0-9.-]{1,39}");
    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{2,59}");
    /** A Código Penal article: 1 to 3 digits, optionally a dash and a letter (108-B, 129-Ñ). */
    static final Pattern ARTICLE = Pattern.compile("\\d{1,3}(-[A-ZÑ])?");
    /** 50 years: above any temporary sentence of the Código Penal (35 years, art. 29). */
    static final int MAX_MONTHS = 600;

    private RuleSetParser() {
    }

    static RuleSet parse(JsonNode doc, int version) {
        if (doc == null || !doc.isObject()) {
            throw new InvalidInputException("", "a rule set is a JSON object with code, title, inForceFrom and rules");
        }
        String code = text(doc, "code", 60);
        if (!CODE.matcher(code).matches()) {
            throw new InvalidInputException("code", "letters, digits, dots, dashes or underscores, 3 to 60 (got \""
                    + code + "\")");
        }
        Text title = localized(doc.get("title"), "title", 300);
        LocalDate inForce;
        String date = text(doc, "inForceFrom", 10);
        try {
            inForce = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("inForceFrom", "must be a date YYYY-MM-DD (got \"" + date + "\")");
        }
        List<String> sources = new ArrayList<>();
        JsonNode src = doc.get("sources");
        if (src != null && !src.isNull()) {
            if (!src.isArray()) {
                throw new InvalidInputException("sources", "must be a list of citations");
            }
            for (int i = 0; i < src.size(); i++) {
                if (!src.get(i).isString() || src.get(i).stringValue().isBlank()) {
                    throw new InvalidInputException("sources[" + i + "]", "must be a citation text");
                }
                sources.add(src.get(i).stringValue().trim());
            }
        }
        JsonNode rulesNode = doc.get("rules");
        if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty()) {
            throw new InvalidInputException("rules", "required: a non-empty list of rules");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            Rule r;
            try {
                r = rule(rulesNode.get(i));
            } catch (InvalidInputException e) {
                throw e.under("rules[" + i + "]");
            }
            if (!ids.add(r.id())) {
                throw new InvalidInputException("rules[" + i + "].id", "duplicate rule id " + r.id());
            }
            rules.add(r);
        }
        for (LegalStatus status : LegalStatus.values()) {
            if (rules.stream().noneMatch(r -> r instanceof PenaltyRoute p && p.legalStatus() == status)) {
                throw new InvalidInputException("rules", "no PENALTY_ROUTE for " + status
                        + ": every legal status needs at least one route");
            }
        }
        return new RuleSet(version, code, title, inForce, sources, rules);
    }

    private static Rule rule(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException("", "a rule is an object with id, type, basis and text");
        }
        String id = text(n, "id", 40);
        if (!RULE_ID.matcher(id).matches()) {
            throw new InvalidInputException("id", "capital letters, digits, dots and dashes, 2 to 40 (got \"" + id + "\")");
        }
        String type = text(n, "type", 40);
        String basis = text(n, "basis", 300);
        Text text = localized(n.get("text"), "text", 500);
        return switch (type) {
            case "PENALTY_ROUTE" -> {
                LegalStatus status = LegalStatus.parse(text(n, "legalStatus", 20));
                if (status == null) {
                    throw new InvalidInputException("legalStatus", "PROCESADO or CONDENADO");
                }
                SentenceStage stage = null;
                if (n.hasNonNull("stage")) {
                    stage = SentenceStage.parse(text(n, "stage", 20));
                    if (stage == null || status != LegalStatus.CONDENADO) {
                        throw new InvalidInputException("stage", "IMPOSED or EXECUTION, and only for CONDENADO");
                    }
                }
                Integer min = months(n, "minMonths");
                Integer max = months(n, "maxMonths");
                if (min == null && max == null) {
                    throw new InvalidInputException("maxMonths", "a route needs minMonths, maxMonths or both");
                }
                if (min != null && max != null && min > max) {
                    throw new InvalidInputException("minMonths", "is above maxMonths (" + min + " > " + max + ")");
                }
                boolean cs = false;
                if (n.hasNonNull("communityService")) {
                    if (!n.get("communityService").isBoolean()) {
                        throw new InvalidInputException("communityService", "must be true or false");
                    }
                    cs = n.get("communityService").booleanValue();
                }
                yield new PenaltyRoute(id, basis, text, status, stage, min, max, cs);
            }
            case "EXCLUDED_OFFENCES" -> {
                JsonNode list = n.get("articles");
                if (list == null || !list.isArray() || list.isEmpty()) {
                    throw new InvalidInputException("articles", "required: a non-empty list of Código Penal articles");
                }
                Set<String> articles = new LinkedHashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String a = list.get(i).isString() ? list.get(i).stringValue().trim().toUpperCase() : "";
                    if (!ARTICLE.matcher(a).matches()) {
                        throw new InvalidInputException("articles[" + i + "]",
                                "a Código Penal article such as 189 or 108-B (got " + list.get(i) + ")");
                    }
                    articles.add(a);
                }
                yield new ExcludedOffences(id, basis, text, Set.copyOf(articles));
            }
            case "RECIDIVISM" -> {
                LegalStatus status = null;
                if (n.hasNonNull("legalStatus")) {
                    status = LegalStatus.parse(text(n, "legalStatus", 20));
                    if (status == null) {
                        throw new InvalidInputException("legalStatus", "PROCESADO or CONDENADO (or absent: both)");
                    }
                }
                yield new Recidivism(id, basis, text, status);
            }
            case "PRIORITY_AGE" -> {
                JsonNode age = n.get("olderThanYears");
                if (age == null || !age.isInt() || age.intValue() < 0 || age.intValue() > 120) {
                    throw new InvalidInputException("olderThanYears", "required: whole years between 0 and 120");
                }
                yield new PriorityAge(id, basis, text, age.intValue());
            }
            case "PRIORITY_FACT" -> {
                String fact = text(n, "fact", 40);
                PriorityFact f;
                try {
                    f = PriorityFact.valueOf(fact);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("fact", "one of " + EnumSet.allOf(PriorityFact.class) + " (got "
                            + fact + ")");
                }
                yield new PriorityFactRule(id, basis, text, f);
            }
            default -> throw new InvalidInputException("type", "one of PENALTY_ROUTE, EXCLUDED_OFFENCES, RECIDIVISM, "
                    + "PRIORITY_AGE, PRIORITY_FACT (got " + type + ")");
        };
    }

    private static Integer months(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isInt() || v.intValue() < 0 || v.intValue() > MAX_MONTHS) {
            throw new InvalidInputException(field, "whole months between 0 and " + MAX_MONTHS + " (got " + v + ")");
        }
        return v.intValue();
    }

    private static String text(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isString() || v.stringValue().isBlank()) {
            throw new InvalidInputException(field, "required");
        }
        String s = v.stringValue().trim();
        if (s.length() > max) {
            throw new InvalidInputException(field, "must be at most " + max + " characters");
        }
        return s;
    }

    private static Text localized(JsonNode n, String field, int max) {
        if (n == null || !n.isObject()) {
            throw new InvalidInputException(field, "required: {\"es\": \"…\", \"en\": \"…\"}");
        }
        try {
            return new Text(text(n, "es", max), text(n, "en", max));
        } catch (InvalidInputException e) {
            throw e.under(field);
        }
    }
}
