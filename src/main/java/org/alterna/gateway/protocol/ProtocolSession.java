package org.alterna.gateway.protocol;

import java.util.HashMap;
import java.util.Map;

/** Per-connection protocol state: the device identified at login, and protocol-specific values. */
public final class ProtocolSession {
    private String deviceId;
    private final Map<String, Object> values = new HashMap<>();

    public String deviceId() {
        return deviceId;
    }

    public void deviceId(String id) {
        this.deviceId = id;
    }

    public Map<String, Object> values() {
        return values;
    }
}
