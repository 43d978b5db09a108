/**
 * Scale-out on Apache Kafka, selected by {@code alterna.scaleout.roles}: gateway nodes publish acknowledged records to
 * a topic partitioned by device, engine nodes run the same pure supervision engine as a Kafka Streams application
 * (device state in changelogged stores, exactly once), application nodes keep the engine's alarms and the records in
 * the database exactly once; without roles Alterna stays one process with its own database.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "common", "devices", "orders", "supervision", "telemetry"})
package org.alterna.scaleout;
