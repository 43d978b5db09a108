package org.alterna.devices;

/**
 * Where the installation of an ordered measure stands: DUE (ordered, no appointment), SCHEDULED (appointment set),
 * INSTALLED (the person's unit is fitted, awaiting its first valid fix with the strap closed), ACTIVE (monitoring
 * started), CLOSED (the measure ended or was revoked).
 */
public enum InstallationStatus {
    DUE, SCHEDULED, INSTALLED, ACTIVE, CLOSED;

    /** Still to be done: the deadline applies. */
    public boolean open() {
        return this == DUE || this == SCHEDULED || this == INSTALLED;
    }
}
