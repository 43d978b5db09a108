package org.alterna.eligibility;

import java.util.List;

/**
 * The triage of one person under one rule set: status, every reason, the priority (how many priority groups of
 * Código Penal art. 29-A.5 the person belongs to; 0 when not eligible) and whether the conversion must come with
 * community service (when every open route requires it).
 */
record Evaluation(Status status, int priority, boolean communityService, List<Reason> reasons) {
    Evaluation {
        reasons = List.copyOf(reasons);
    }

    String encodedReasons() {
        return Reason.encode(reasons);
    }
}
