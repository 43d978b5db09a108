package org.alterna.identity;

/**
 * Who is acting, with the scope that limits what they see: a judge's court, a supervisor's region, an
 * operator's monitoring centre, a police account's jurisdiction (held in {@code region}: the region of the orders
 * whose critical alarms it may follow). Fields that do not apply to the role are null.
 */
public record Actor(String username, Role role, String courtCode, String region, String monitoringCentre) {

    public static final Actor SYSTEM = new Actor("system", Role.SYSTEM, null, null, null);
    public static final Actor ANONYMOUS = new Actor("anonymous", Role.ANONYMOUS, null, null, null);

    public boolean is(Role... roles) {
        for (Role r : roles) {
            if (role == r) {
                return true;
            }
        }
        return false;
    }

    /** The administrator and Alterna itself see every case. */
    public boolean seesAllCases() {
        return role == Role.ADMIN || role == Role.SYSTEM;
    }
}
