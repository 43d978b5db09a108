/**
 * The supervision engine, a pure {@code (state, fix) -> (state, alarms)} core that turns noisy fixes into alarms a
 * judge can believe; wired live after the gateway (late fixes re-evaluated in device-time order, a clock for
 * silences, the zones in force indexed for "which zones are near"); authorised absences; the offline run over a list
 * of fixes ({@code ReplayRunner}) that {@code replay} and the alarm-quality measurements in
 * {@code org.alterna.simulation} use.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "audit", "common", "devices", "identity", "orders", "telemetry"})
package org.alterna.supervision;
