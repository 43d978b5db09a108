/**
 * Court reports: the compliance report of an order and period and the incident report of a confirmed breach as PDF,
 * periodic reports queued for each court, evidence packages of a case, and a stored case as a replay scenario.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"alarms", "audit", "common", "devices", "identity",
        "orders", "portability"})
package org.alterna.reports;
