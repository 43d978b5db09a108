package org.alterna.alarms;

/** Why an alarm was closed. Only a CONFIRMED_VIOLATION produces an incident report for the court. */
public enum ResolutionCode {
    CONFIRMED_VIOLATION, TECHNICAL, FALSE_ALARM, AUTHORISED
}
