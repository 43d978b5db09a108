package org.alterna.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The ports the gateway's servers are bound to, by protocol name (useful when configured as 0 = ephemeral). */
public class GatewayPorts {
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    /** The bound port of the protocol's server; IllegalStateException if it does not run. */
    public int port(String protocol) {
        Integer p = ports.get(protocol);
        if (p == null) {
            throw new IllegalStateException("no gateway server for protocol " + protocol + "; running: " + ports.keySet());
        }
        return p;
    }

    /** All bound ports by protocol. */
    public Map<String, Integer> ports() {
        return new TreeMap<>(ports);
    }

    void bound(String protocol, int port) {
        ports.put(protocol, port);
    }

    void clear() {
        ports.clear();
    }
}
