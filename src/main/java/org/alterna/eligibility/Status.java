package org.alterna.eligibility;

/** The outcome of the triage for one person; the order is the order of candidate lists. */
enum Status {
    /** Every condition of at least one legal route is met and nothing excludes the person. */
    ELIGIBLE,
    /** A route may be open but a fact the rules need is missing or must be verified (e.g. recidivism). */
    NEEDS_REVIEW,
    /** An excluded offence, recidivism, or a penalty outside every route. */
    NOT_ELIGIBLE
}
