package org.alterna.console;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;

/**
 * The console's screens, who may open them and in which order they appear in the navigation. The roles follow
 * the access table of the APIs each screen uses: police and auditors never open the live map.
 */
enum ConsolePage {
    MAP("map", "/console/map", EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR)),
    ALARMS("alarms", "/console/alarms", EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.POLICE)),
    ORDERS("orders", "/console/orders",
            EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.JUDGE, Role.PROSECUTOR)),
    DEVICES("devices", "/console/devices", EnumSet.of(Role.ADMIN, Role.SUPERVISOR)),
    DASHBOARD("dashboard", "/console/dashboard", EnumSet.of(Role.ADMIN, Role.SUPERVISOR)),
    FUNNEL("funnel", "/console/funnel", EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR)),
    ELIGIBILITY("eligibility", "/console/eligibility",
            EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.JUDGE, Role.PROSECUTOR)),
    OVERCROWDING("overcrowding", "/console/overcrowding", EnumSet.of(Role.ADMIN, Role.SUPERVISOR)),
    AUDIT("audit", "/console/audit", EnumSet.of(Role.ADMIN, Role.AUDITOR)),
    NOTIFICATIONS("notifications", "/console/notifications", EnumSet.of(Role.ADMIN));

    final String id;
    final String path;
    final Set<Role> roles;

    ConsolePage(String id, String path, Set<Role> roles) {
        this.id = id;
        this.path = path;
        this.roles = roles;
    }

    boolean allows(Actor actor) {
        return actor != null && roles.contains(actor.role());
    }

    /** A navigation entry: message key of its label, link, whether it is the current page. */
    record NavItem(String id, String labelKey, String path, boolean current) {
    }

    static List<NavItem> navigation(Actor actor, ConsolePage current) {
        return java.util.Arrays.stream(values()).filter(p -> p.allows(actor))
                .map(p -> new NavItem(p.id, "nav." + p.id, p.path, p == current)).toList();
    }

    /** Where a user lands after login: the first screen their role may open (their password page if none). */
    static String home(Actor actor) {
        return java.util.Arrays.stream(values()).filter(p -> p.allows(actor)).map(p -> p.path).findFirst()
                .orElse("/console/password");
    }
}
