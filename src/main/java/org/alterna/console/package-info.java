/**
 * The web console (server-rendered pages, plain JavaScript modules) for the monitoring centre, INPE supervisors,
 * judges, prosecutors, police and auditors: which role opens which screen, the view models of the monitoring screens
 * and a case's current position for those who act on it, the police included (every location read audited), and the
 * live positions pushed to open consoles.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "audit", "common", "devices", "identity", "orders", "telemetry"})
package org.alterna.console;
