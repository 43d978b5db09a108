package org.alterna.eligibility;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a rule mattered for a person: the rule id of the rule set, its effect and, where it helps, the fact involved
 * (the excluded article, the missing datum). Stored compactly as {@code RULE:EFFECT[:ARG]} joined by {@code |}.
 */
record Reason(String ruleId, Effect effect, String arg) {

    enum Effect {
        /** A legal route is open: the penalty is within its range. */
        MET,
        /** A route of the person's legal status is closed: the penalty is outside its range. */
        NOT_MET,
        /** The rule excludes the person (an excluded offence, recidivism). */
        EXCLUDED,
        /** The rule cannot be decided from the register (a missing penalty, recidivism not stated). */
        REVIEW,
        /** The person belongs to a priority group. */
        PRIORITY
    }

    /** What a REVIEW reason is missing. */
    static final String MISSING_PENALTY = "penalty";
    static final String UNKNOWN_RECIDIVISM = "recidivism";

    String encode() {
        return arg == null ? ruleId + ":" + effect : ruleId + ":" + effect + ":" + arg;
    }

    static String encode(List<Reason> reasons) {
        StringBuilder s = new StringBuilder();
        for (Reason r : reasons) {
            if (!s.isEmpty()) {
                s.append('|');
            }
            s.append(r.encode());
        }
        return s.toString();
    }

    static List<Reason> decode(String encoded) {
        List<Reason> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String part : encoded.split("\\|")) {
            String[] p = part.split(":", 3);
            out.add(new Reason(p[0], Effect.valueOf(p[1]), p.length > 2 ? p[2] : null));
        }
        return out;
    }
}
