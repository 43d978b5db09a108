package org.alterna.devices;

/** The installer's checklist: each step is ticked, time-stamped, by the account of whoever did it. */
public enum ChecklistStep {
    /** The strap is closed on the ankle (the tag reports it closed). */
    STRAP_CLOSED,
    /** A valid fix was received from the unit on site. */
    VALID_FIX,
    /** A test alarm (panic button, strap) reached the monitoring centre. */
    TEST_ALARM,
    /** The wearer was told the rules, the charging schedule and whom to call. */
    WEARER_INFORMED
}
