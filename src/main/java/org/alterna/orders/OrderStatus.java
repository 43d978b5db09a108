package org.alterna.orders;

/**
 * Lifecycle of a judicial order of electronic monitoring:
 * REQUESTED → VIABILITY_REPORTED → ORDERED → INSTALLATION_SCHEDULED → ACTIVE ⇄ SUSPENDED → COMPLETED | REVOKED.
 * Revocation is possible once a measure exists (ORDERED, INSTALLATION_SCHEDULED, ACTIVE, SUSPENDED): before the
 * resolution there is nothing to revoke. COMPLETED and REVOKED are final.
 */
public enum OrderStatus {
    /** A court asked for electronic monitoring; INPE must report on technical viability. */
    REQUESTED,
    /** INPE's technical viability report on the domicile is attached; the hearing can decide. */
    VIABILITY_REPORTED,
    /** The judge ordered the measure (resolution) and fixed its conditions. */
    ORDERED,
    /** The installation of the device is scheduled. */
    INSTALLATION_SCHEDULED,
    /** The device is installed and monitoring runs. */
    ACTIVE,
    /** Suspended by a resolution; monitoring rules are not applied. */
    SUSPENDED,
    /** The measure ended (term served). */
    COMPLETED,
    /** Revoked by a resolution. */
    REVOKED;

    public boolean isFinal() {
        return this == COMPLETED || this == REVOKED;
    }
}
