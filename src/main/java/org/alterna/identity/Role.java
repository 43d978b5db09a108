package org.alterna.identity;

/** The roles of Alterna's users; each sees and does only what its row in the access table allows. */
public enum Role {
    /** Runs the installation: accounts, reference data. */
    ADMIN,
    /** INPE supervisor: manages the cases, devices and viability reports of a region. */
    SUPERVISOR,
    /** Contractor's monitoring centre: handles alarms of the orders assigned to the centre. */
    OPERATOR,
    /** Judge: orders, varies, suspends, revokes; sees the orders of their court. */
    JUDGE,
    /** Prosecutor: receives breach reports of the cases assigned to them. */
    PROSECUTOR,
    /** Police: open critical alarms with a current position, nothing else. */
    POLICE,
    /** Auditor: the audit trail and evidence integrity, never live positions. */
    AUDITOR,
    /** Alterna itself (gateway, engine, timers) acting without a human user. */
    SYSTEM,
    /** A request by someone not logged in (failed logins, refused calls). */
    ANONYMOUS;

    public String authority() {
        return "ROLE_" + name();
    }
}
