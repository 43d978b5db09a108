/**
 * Data protection (Ley 29733 and its regulation, DS 016-2024-JUS): retention of personal and location data after
 * a measure ends, legal holds that suspend it for a case, and the subject-access export of everything held about
 * one person. Retention is defined over the whole data set, so its job reads and deletes the other capabilities'
 * tables by SQL; the monthly partitions of fixes are left to {@code telemetry}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "audit", "common", "identity", "orders", "telemetry"})
package org.alterna.privacy;
