/** The device registry: trackers and ankle tags, their model profiles and assignment to orders. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "identity", "orders", "telemetry"})
package org.alterna.devices;
