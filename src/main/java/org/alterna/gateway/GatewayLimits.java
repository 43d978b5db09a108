package org.alterna.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway tolerates from a hostile network ({@code alterna.gateway.limits.*}).
 *
 * @param perAddress         most open connections from one source address (a NAT'd APN may need more)
 * @param identifyDeadline   a connection must identify a registered device within this time of connecting
 * @param partialFrameBudget bytes of incomplete frames held over all connections; the connection that would exceed it
 *                           is closed (a device resends what it was not acknowledged for)
 * @param unknownIdTtl       how long an id found unknown or retired is answered from memory, without a lookup
 * @param unknownIdCache     most ids kept in that negative cache
 * @param probeQueue         lookups of ids never seen admitted that may wait at once; beyond, the connection is closed
 *                           unanswered (real devices seen before have a lane of their own)
 * @param osmandInFlight     most OsmAnd requests being stored at once; beyond, {@code 503} at once
 * @param maxSpeedKmh        a fix implying a faster move from the device's previous fix is marked suspicious
 * @param timeBackTolerance  a fix timed this much before the device's newest fix is marked suspicious
 * @param allowedNetworks    optional source networks (CIDR) per device model; a model without an entry may connect
 *                           from anywhere
 */
@ConfigurationProperties("alterna.gateway.limits")
public record GatewayLimits(Integer perAddress, Duration identifyDeadline, DataSize partialFrameBudget,
        Duration unknownIdTtl, Integer unknownIdCache, Integer probeQueue, Integer osmandInFlight, Double maxSpeedKmh,
        Duration timeBackTolerance, Map<String, List<String>> allowedNetworks) {

    public GatewayLimits {
        perAddress = perAddress == null ? 64 : perAddress;
        identifyDeadline = identifyDeadline == null ? Duration.ofSeconds(30) : identifyDeadline;
        partialFrameBudget = partialFrameBudget == null ? DataSize.ofMegabytes(64) : partialFrameBudget;
        unknownIdTtl = unknownIdTtl == null ? Duration.ofMinutes(2) : unknownIdTtl;
        unknownIdCache = unknownIdCache == null ? 200_000 : unknownIdCache;
        probeQueue = probeQueue == null ? 256 : probeQueue;
        osmandInFlight = osmandInFlight == null ? 2_000 : osmandInFlight;
        maxSpeedKmh = maxSpeedKmh == null ? 300.0 : maxSpeedKmh;
        timeBackTolerance = timeBackTolerance == null ? Duration.ofHours(1) : timeBackTolerance;
        allowedNetworks = allowedNetworks == null ? Map.of() : Map.copyOf(allowedNetworks);
    }

    /** Defaults, for tests and tools. */
    static GatewayLimits defaults() {
        return new GatewayLimits(null, null, null, null, null, null, null, null, null, null);
    }
}
