/**
 * Durable storage of fixes (group commits, deduplicated, monthly partitions on PostgreSQL), the latest state of each
 * device, and retention.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "identity", "orders"})
package org.alterna.telemetry;
