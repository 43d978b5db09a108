/**
 * The alarm desk: alarms from the supervision engine (and a device's panic button) as tickets with severity, SLA
 * timers and escalation, protocol checklists and resolution codes; incident reports; notifications (e-mail, signed
 * webhooks, SMS) through a persisted outbox; the scoped live feed of positions and alarms (server-sent events); and
 * the desk's figures (alarms per person-day, false-alarm share, times to acknowledge and resolve).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "audit", "common", "devices", "identity", "orders", "supervision", "telemetry"})
package org.alterna.alarms;
