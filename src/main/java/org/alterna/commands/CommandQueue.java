package org.alterna.commands;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.alterna.audit.Audited;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceRegistry;
import org.alterna.devices.RegisteredDevice;
import org.alterna.gateway.DeviceAnswered;
import org.alterna.gateway.DeviceLink;
import org.alterna.gateway.DeviceOnline;
import org.alterna.gateway.protocol.CommandEncoders;
import org.alterna.gateway.protocol.DeviceModelProfile;
import org.alterna.identity.Actors;
import org.alterna.supervision.PursuitRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The persisted command queue of every device. A command is QUEUED, then SENT through the gateway when the device is
 * connected (at once, or at its next connection), one at a time per device; the device's answer CONFIRMS it (a GT06
 * answer by the server flag it echoes, the others the oldest SENT one; a Teltonika {@code getrecord} by the next
 * record); a command unanswered for {@code answerTimeout} is sent again until {@code maxAttempts}, then FAILED; one
 * not settled before its expiry is EXPIRED. Every step is in the audit trail. The queue is in the database, so it
 * survives a restart: a command SENT before it is sent again once unanswered; QUEUED ones go at the next connection.
 *
 * <p>Sending, answers and the sweep run on one thread of the queue's own: gateway events arrive on event loops and
 * are handed over at once.
 */
public class CommandQueue {
    private static final Logger log = LoggerFactory.getLogger(CommandQueue.class);

    private final CommandRepository repository;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CommandSettings settings;
    private final ObjectProvider<DeviceLink> link;
    private final DeviceRegistry registry;
    private final TransactionTemplate tx;
    private final ScheduledExecutorService worker;

    CommandQueue(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, CommandSettings settings,
            ObjectProvider<DeviceLink> link, DeviceRegistry registry, TransactionTemplate tx) {
        this.repository = new CommandRepository(jdbc);
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.link = link;
        this.registry = registry;
        this.tx = tx;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "device-commands");
            t.setDaemon(true);
            return t;
        });
        long every = settings.sweep().toMillis();
        worker.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        worker.shutdownNow();
    }

    /** Why a command cannot be queued for this device (OsmAnd has no return channel, the model does not accept it). */
    public static final class CommandRefused extends RuntimeException {
        public CommandRefused(String message) {
            super(message);
        }
    }

    /** The device's model profile: its own if built in, else its protocol's default. */
    static DeviceModelProfile profileOf(RegisteredDevice d) {
        DeviceModelProfile p = DeviceModelProfile.builtIn().get(d.model());
        return p != null ? p : DeviceModelProfile.defaultFor(d.protocol());
    }

    /**
     * Queues a command (audited) and sends it at once if the device is connected. {@code reason}: {@code OPERATOR},
     * {@code ALARM}, {@code PURSUIT}. Throws {@link CommandRefused} when the device cannot take it, and
     * IllegalArgumentException for a bad text.
     */
    public DeviceCommand enqueue(String deviceId, CommandKind kind, String text, String reason, UUID orderId,
            UUID alarmId) {
        RegisteredDevice device = registry.find(deviceId).filter(RegisteredDevice::active)
                .orElseThrow(() -> new CommandRefused("device " + deviceId + " is not active"));
        if ("osmand".equals(device.protocol())) {
            throw new CommandRefused("OsmAnd / Traccar Client has no return channel: the phone app cannot take commands");
        }
        DeviceModelProfile profile = profileOf(device);
        if (!profile.accepts(kind.name())) {
            throw new CommandRefused("model " + profile.name() + " does not accept " + kind);
        }
        if (kind == CommandKind.MESSAGE) {
            if (text == null || text.isBlank() || text.length() > 100 || !text.matches("[\\x20-\\x7E]+")
                    || text.contains("#") || text.contains(",")) {
                throw new IllegalArgumentException("text: 1 to 100 printable ASCII characters without '#' or ','");
            }
        } else {
            text = null;
        }
        Instant now = clock.instant();
        Instant expires = now.plus(kind == CommandKind.PURSUIT_ON || kind == CommandKind.PURSUIT_OFF
                ? settings.pursuitTtl() : settings.locateTtl());
        String who = Actors.current().username();
        String message = text;
        long id = tx.execute(s -> {
            long n = repository.insert(deviceId, kind, message, settings.maxAttempts(), reason, who, orderId, alarmId,
                    now, expires);
            events.publishEvent(new Audited("command.queue", "Device", deviceId, kind + " #" + n + " (" + reason + ")"
                    + (alarmId != null ? " alarm " + alarmId : "") + (orderId != null ? " order " + orderId : "")));
            return n;
        });
        worker.execute(() -> dispatchQuietly(deviceId));
        return repository.find(id).orElseThrow();
    }

    /** The device's commands, newest first. */
    public List<DeviceCommand> ofDevice(String deviceId, int limit) {
        return repository.ofDevice(deviceId, limit);
    }

    public Optional<DeviceCommand> find(long id) {
        return repository.find(id);
    }

    /**
     * The kinds of command the device's model accepts, in the order of {@link CommandKind} (none for OsmAnd or an
     * unknown device): the console offers only these.
     */
    public List<CommandKind> accepted(String deviceId) {
        return registry.find(deviceId).filter(d -> !"osmand".equals(d.protocol()))
                .map(d -> java.util.Arrays.stream(CommandKind.values()).filter(k -> profileOf(d).accepts(k.name()))
                        .toList())
                .orElse(List.of());
    }

    /** Whether the device's protocol can carry commands at all (OsmAnd cannot). */
    public boolean hasReturnChannel(String deviceId) {
        return registry.find(deviceId).map(d -> !"osmand".equals(d.protocol())).orElse(false);
    }

    /**
     * Pursuit mode on or off for the person's unit of the order, when its model accepts it. Queued commands of the
     * opposite kind still waiting are dropped (EXPIRED): only the latest wish is sent.
     */
    @EventListener
    void on(PursuitRequested request) {
        worker.execute(() -> {
            try {
                pursue(request);
            } catch (RuntimeException e) {
                log.warn("pursuit {} for order {} not queued: {}", request.on() ? "on" : "off", request.orderId(),
                        e.toString());
            }
        });
    }

    void pursue(PursuitRequested request) {
        Optional<String> device = registry.assignmentsOf(request.orderId()).stream()
                .filter(a -> a.role() == AssignmentRole.PERSON_UNIT && a.until() == null)
                .map(a -> a.deviceId()).findFirst();
        if (device.isEmpty()) {
            return;
        }
        CommandKind kind = request.on() ? CommandKind.PURSUIT_ON : CommandKind.PURSUIT_OFF;
        CommandKind opposite = request.on() ? CommandKind.PURSUIT_OFF : CommandKind.PURSUIT_ON;
        Optional<RegisteredDevice> d = registry.find(device.get()).filter(RegisteredDevice::active);
        if (d.isEmpty() || "osmand".equals(d.get().protocol()) || !profileOf(d.get()).accepts(kind.name())) {
            log.debug("pursuit {}: device {} cannot take it", kind, device.get());
            return;
        }
        for (DeviceCommand c : repository.ofDevice(device.get(), 50)) {
            if (c.kind() == opposite && c.status() == CommandStatus.QUEUED) {
                settle(c, CommandStatus.QUEUED, CommandStatus.EXPIRED, "superseded by " + kind, "command.expired");
            }
        }
        Actors.runAs(org.alterna.identity.Actor.SYSTEM,
                () -> enqueue(device.get(), kind, null, "PURSUIT", request.orderId(), null));
    }

    @EventListener
    void on(DeviceOnline online) {
        worker.execute(() -> dispatchQuietly(online.deviceId()));
    }

    @EventListener
    void on(DeviceAnswered answer) {
        worker.execute(() -> {
            try {
                answered(answer);
            } catch (RuntimeException e) {
                log.warn("answer of device {} not recorded: {}", answer.deviceId(), e.toString());
            }
        });
    }

    private void dispatchQuietly(String deviceId) {
        try {
            dispatch(deviceId);
        } catch (RuntimeException e) {
            log.warn("commands of device {} not sent: {}", deviceId, e.toString());
        }
    }

    /** Sends the device's oldest QUEUED command if it is connected and has none awaiting an answer. */
    void dispatch(String deviceId) {
        DeviceLink gateway = link.getIfAvailable();
        if (gateway == null) {
            return;
        }
        Optional<DeviceLink.Connected> connection = gateway.connection(deviceId);
        if (connection.isEmpty() || repository.oldest(deviceId, CommandStatus.SENT).isPresent()) {
            return;
        }
        while (true) {
            Optional<DeviceCommand> next = repository.oldest(deviceId, CommandStatus.QUEUED);
            if (next.isEmpty()) {
                return;
            }
            DeviceCommand c = next.get();
            Instant now = clock.instant();
            if (!c.expiresAt().isAfter(now)) {
                settle(c, CommandStatus.QUEUED, CommandStatus.EXPIRED, "not sent before it expired", "command.expired");
                continue;
            }
            DeviceModelProfile profile = DeviceModelProfile.builtIn().get(connection.get().model());
            if (profile == null) {
                profile = DeviceModelProfile.defaultFor(connection.get().protocol());
            }
            String wire;
            byte[] bytes;
            long flag = c.id() & 0xFFFFFFFFL;
            try {
                wire = profile.commandText(c.kind().name(), c.text());
                bytes = CommandEncoders.encode(profile, deviceId, wire, flag, LocalTime.ofInstant(now, ZoneOffset.UTC));
            } catch (IllegalArgumentException e) {
                settle(c, CommandStatus.QUEUED, CommandStatus.FAILED, e.getMessage(), "command.failed");
                continue;
            }
            boolean marked = Boolean.TRUE.equals(tx.execute(s -> {
                boolean ok = repository.markSent(c.id(), wire, flag, now);
                if (ok) {
                    events.publishEvent(new Audited("command.sent", "Device", deviceId, c.kind() + " #" + c.id()
                            + " attempt " + (c.attempts() + 1) + ": " + wire));
                }
                return ok;
            }));
            if (!marked) {
                continue;
            }
            boolean byRecord = profile.answeredByRecord().contains(c.kind().name());
            gateway.send(deviceId, bytes, byRecord).thenAccept(written -> {
                if (!written) {
                    // the connection closed first: back in the queue for the next connection (the attempt counts)
                    worker.execute(() -> {
                        if (repository.requeue(c.id())) {
                            log.debug("command #{} to {} not written; queued again", c.id(), deviceId);
                        }
                    });
                }
            });
            return;
        }
    }

    /** The device answered: the command it answers is CONFIRMED (or FAILED when refused), the next one goes. */
    void answered(DeviceAnswered a) {
        Optional<DeviceCommand> c = a.serverFlag() != null
                ? repository.sentWithFlag(a.deviceId(), a.serverFlag())
                : repository.oldest(a.deviceId(), CommandStatus.SENT);
        if (c.isEmpty()) {
            log.debug("answer of device {} matches no command sent: {}", a.deviceId(), a.text());
            return;
        }
        if (a.refused()) {
            settle(c.get(), CommandStatus.SENT, CommandStatus.FAILED, "refused by the device: " + a.text(),
                    "command.failed");
        } else {
            settle(c.get(), CommandStatus.SENT, CommandStatus.CONFIRMED, a.text(), "command.confirmed");
        }
        dispatch(a.deviceId());
    }

    private void settle(DeviceCommand c, CommandStatus from, CommandStatus to, String response, String action) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            if (repository.settle(c.id(), from, to, response, now)) {
                events.publishEvent(new Audited(action, "Device", c.deviceId(), c.kind() + " #" + c.id()
                        + (response == null || response.isEmpty() ? "" : ": " + abbreviate(response))));
                events.publishEvent(new CommandSettled(c.id(), c.deviceId(), c.kind(), to, c.orderId(), c.alarmId()));
            }
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("command sweep failed: {}", e.toString());
        }
    }

    /** Expires old commands, sends again (or fails) unanswered ones, sends what waits for connected devices. */
    void sweep() {
        Instant now = clock.instant();
        for (DeviceCommand c : repository.expired(now)) {
            settle(c, c.status(), CommandStatus.EXPIRED, "not answered before it expired", "command.expired");
        }
        for (DeviceCommand c : repository.unanswered(now.minus(settings.answerTimeout()))) {
            if (c.attempts() >= c.maxAttempts()) {
                settle(c, CommandStatus.SENT, CommandStatus.FAILED, "no answer after " + c.attempts() + " attempt(s)",
                        "command.failed");
            } else if (repository.requeue(c.id())) {
                log.debug("command #{} to {} unanswered; queued again", c.id(), c.deviceId());
            }
        }
        DeviceLink gateway = link.getIfAvailable();
        if (gateway != null) {
            for (String device : repository.devicesWaiting()) {
                if (gateway.connection(device).isPresent()) {
                    dispatch(device);
                }
            }
        }
    }

    /** Runs {@link #sweep()} on the queue's thread and waits (tests, after moving the clock). */
    void sweepNow() throws Exception {
        worker.submit(this::sweep).get(30, TimeUnit.SECONDS);
    }
}
