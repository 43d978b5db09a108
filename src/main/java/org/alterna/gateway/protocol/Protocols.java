package org.alterna.gateway.protocol;

import java.util.List;

/** The tracker protocols Alterna speaks, by name: TCP ones for the gateway's Netty servers, plus OsmAnd (HTTP). */
public final class Protocols {
    private static final List<TrackerProtocol> TCP = List.of(new TeltonikaProtocol(), new Gt06Protocol(),
            new H02Protocol());
    private static final OsmAndDecoder OSMAND = new OsmAndDecoder();

    private Protocols() {
    }

    /** Teltonika (5027), GT06 (5023), H02 (5013). Instances are stateless and shareable between connections. */
    public static List<TrackerProtocol> tcp() {
        return TCP;
    }

    /** A TCP protocol by name; IllegalArgumentException for an unknown one. */
    public static TrackerProtocol tcp(String name) {
        return TCP.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown TCP protocol '" + name + "'; known: " + names()));
    }

    /** The OsmAnd HTTP decoder (port 5055). */
    public static OsmAndDecoder osmand() {
        return OSMAND;
    }

    /** All protocol names: teltonika, gt06, h02, osmand. */
    public static List<String> names() {
        return List.of("teltonika", "gt06", "h02", "osmand");
    }
}
