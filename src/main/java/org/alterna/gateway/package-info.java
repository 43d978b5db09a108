/**
 * Netty servers for Teltonika, GT06 and H02 (TCP) and OsmAnd (HTTP): admission of registered devices and their model
 * profiles, a record acknowledged only once it is stored, connection limits and the ports actually bound.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "common", "devices", "telemetry"})
package org.alterna.gateway;
