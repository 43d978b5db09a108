package org.alterna.gateway;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.alterna.devices.RegisteredDevice;
import org.alterna.gateway.protocol.DeviceMessage;
import org.alterna.gateway.protocol.DeviceModelProfile;
import org.alterna.gateway.protocol.ProtocolSession;
import org.alterna.telemetry.Fix;

/**
 * What one connection says, turned into outcomes: admission (device registered and active), storing reports
 * through the group-commit writer, status updates. Protocol- and transport-agnostic; created and called on the
 * connection's event loop. The returned futures complete on other threads and never block the caller.
 */
final class Conversation {
    static final byte[] NOTHING = new byte[0];

    /** What to do once a message is handled. */
    sealed interface Outcome permits Reply, Refused {
    }

    /** Send {@code bytes} (may be empty); {@code acked} records are stored and acknowledged by it. */
    record Reply(byte[] bytes, int acked) implements Outcome {
    }

    /** The device may not talk to us: send {@code bytes} (may be empty) and close. */
    record Refused(byte[] bytes, String deviceId, String reason) implements Outcome {
    }

    private final Gateway gateway;
    private final String protocol;
    private final Channel channel;
    final ProtocolSession session = new ProtocolSession();
    private String admittedFor;
    private CompletableFuture<Optional<RegisteredDevice>> admission;
    /** Set on the event loop once a registered, active device was admitted on this connection. */
    boolean identified;

    Conversation(Gateway gateway, String protocol, Channel channel) {
        this.gateway = gateway;
        this.protocol = protocol;
        this.channel = channel;
        // frames are decoded before their device is known: its model's profile is applied once it is admitted
        session.values().put(DeviceModelProfile.SESSION_KEY, DeviceModelProfile.NONE);
    }

    /**
     * Handles a message decoded with {@link DeviceModelProfile#NONE}: once its device is admitted, the profile of the
     * device's registered model fills the typed readings (battery, charger, strap, device alarms) from the raw values,
     * whether the message came with the login, before its answer or long after.
     */
    CompletableFuture<Outcome> handle(DeviceMessage message) {
        CompletableFuture<Optional<RegisteredDevice>> device = admit(message.deviceId());
        if (message instanceof DeviceMessage.Login login) {
            return device.thenApply(d -> admitted(d) ? new Reply(login.acceptReply(), 0)
                    : refused(login.refuseReply(), login.deviceId(), d));
        }
        if (message instanceof DeviceMessage.Report raw) {
            // judged only once admitted: a flood of unknown ids leaves nothing behind
            return device.thenCompose(d -> {
                if (!admitted(d)) {
                    return CompletableFuture.completedFuture(refused(NOTHING, raw.deviceId(), d));
                }
                DeviceMessage.Report report = (DeviceMessage.Report) profile(d.get()).interpret(raw);
                List<Fix> fixes = report.fixes();
                return gateway.writer.submit(gateway.judged(fixes))
                        .thenApply(n -> (Outcome) new Reply(report.ackAfterStore(), fixes.size()));
            });
        }
        DeviceMessage.Status raw = (DeviceMessage.Status) message;
        return device.thenCompose(d -> {
            if (!admitted(d)) {
                return CompletableFuture.completedFuture(refused(NOTHING, raw.deviceId(), d));
            }
            DeviceMessage.Status status = (DeviceMessage.Status) profile(d.get()).interpret(raw);
            Fix event = deviceEvent(status);
            if (event != null) {
                // alarm or state flags are evidence: stored before the device hears they were received
                return gateway.writer.submit(List.of(event)).thenApply(n -> (Outcome) new Reply(status.reply(), 1));
            }
            Map<String, Object> s = status.status();
            gateway.writer.contact(status.deviceId(), integer(s.get("batteryPercent")), bool(s.get("externalPower")),
                    bool(s.get("charging")), strap(s.get("strap")));
            return CompletableFuture.completedFuture(new Reply(status.reply(), 0));
        });
    }

    /** The profile of the device's registered model (the protocol's default for a model without one). */
    private DeviceModelProfile profile(RegisteredDevice device) {
        return DeviceModelProfile.forModel(device.model(), protocol);
    }

    /** Admission of a device id, looked up once per connection (per id) off the event loop. */
    private CompletableFuture<Optional<RegisteredDevice>> admit(String deviceId) {
        if (admission != null && deviceId != null && deviceId.equals(admittedFor)) {
            return admission;
        }
        admittedFor = deviceId;
        admission = deviceId == null ? CompletableFuture.completedFuture(Optional.empty())
                : gateway.admission.lookup(deviceId);
        admission.thenAccept(d -> {
            if (admitted(d)) {
                channel.eventLoop().execute(() -> {
                    gateway.opened(d.get().uniqueId(), channel);
                    boolean first = !identified;
                    identified = true;
                    if (first && !protocol.equals(OsmAndHttpHandler.PROTOCOL)) {
                        gateway.online(d.get().uniqueId(), protocol, d.get().model());
                    }
                });
            }
        });
        return admission;
    }

    private boolean admitted(Optional<RegisteredDevice> d) {
        return d.isPresent() && d.get().active() && gateway.networkAllowed(d.get().model(), channel.remoteAddress());
    }

    private Outcome refused(byte[] reply, String deviceId, Optional<RegisteredDevice> d) {
        String reason = d.isEmpty() ? "UNKNOWN" : !d.get().active() ? "RETIRED" : "NETWORK";
        if (reason.equals("NETWORK")) {
            gateway.metrics.networkRefused.increment();
        }
        return new Refused(reply, deviceId, reason);
    }

    String protocol() {
        return protocol;
    }

    /**
     * The status as a device event to store and supervise, if it carries alarm or state flags (battery, charger,
     * external power, strap, device alarms); null for a bare heartbeat, a cell report or a command response.
     */
    static Fix deviceEvent(DeviceMessage.Status status) {
        Map<String, Object> s = status.status();
        Integer battery = integer(s.get("batteryPercent"));
        Boolean power = bool(s.get("externalPower"));
        Boolean charging = bool(s.get("charging"));
        Fix.StrapState strap = strap(s.get("strap"));
        java.util.Set<Fix.DeviceAlarm> alarms = java.util.EnumSet.noneOf(Fix.DeviceAlarm.class);
        if (s.get("alarms") instanceof java.util.Collection<?> names) {
            for (Object n : names) {
                try {
                    alarms.add(Fix.DeviceAlarm.valueOf(String.valueOf(n)));
                } catch (IllegalArgumentException unknown) {
                    // kept in the raw values
                }
            }
        }
        if (battery == null && power == null && charging == null && strap == null && alarms.isEmpty()) {
            return null;
        }
        java.time.Instant time = null;
        if (s.get("time") instanceof String t) {
            try {
                time = java.time.Instant.parse(t);
            } catch (java.time.format.DateTimeParseException e) {
                time = null;
            }
        }
        Map<String, Object> io = new java.util.LinkedHashMap<>();
        s.forEach((k, v) -> {
            if (k != null && v != null) {
                io.put(k, v);
            }
        });
        return Fix.status(status.deviceId(), time, battery, power, charging, strap, alarms, io);
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static Boolean bool(Object o) {
        return o instanceof Boolean b ? b : null;
    }

    private static Fix.StrapState strap(Object o) {
        if (o instanceof Fix.StrapState s) {
            return s;
        }
        if (o instanceof String s) {
            try {
                return Fix.StrapState.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
