package org.alterna.eligibility;

/** The facts of the register behind the priority groups of Código Penal art. 29-A.5. */
enum PriorityFact {
    SERIOUS_ILLNESS, PERMANENT_DISABILITY, PREGNANT, CHILD_UNDER_3
}
