package org.alterna.commands;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceRegistry;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.orders.OrderScope;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commands API: the monitoring centre (ADMIN, SUPERVISOR, OPERATOR) queues commands to devices it may see and reads
 * their queue; locate-now from an alarm or from a person's order. A device, alarm or order out of the caller's scope
 * answers 404 like a missing one.
 */
@RestController
class CommandController {
    private static final String CENTRE = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";

    private final CommandQueue queue;
    private final OrderScope scope;
    private final DeviceRegistry registry;
    private final JdbcClient jdbc;

    CommandController(CommandQueue queue, OrderScope scope, DeviceRegistry registry, JdbcClient jdbc) {
        this.queue = queue;
        this.scope = scope;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /** {@code kind}: LOCATE_NOW, PURSUIT_ON, PURSUIT_OFF, VIBRATE, MESSAGE; {@code text} for MESSAGE. */
    record CommandRequest(String kind, String text) {
    }

    @PostMapping("/api/v1/devices/{id}/commands")
    @PreAuthorize(CENTRE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Queue a command to a device (sent now if it is connected, else at its next connection)")
    DeviceCommand command(@PathVariable String id, @RequestBody(required = false) CommandRequest body) {
        visibleDevice(Actors.current(), id);
        if (body == null || body.kind() == null || body.kind().isBlank()) {
            throw new InvalidInputException("kind", "is required: one of " + List.of(CommandKind.values()));
        }
        CommandKind kind;
        try {
            kind = CommandKind.valueOf(body.kind().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "must be one of " + List.of(CommandKind.values()));
        }
        return enqueue(id, kind, body.text(), "OPERATOR", null, null);
    }

    @GetMapping("/api/v1/devices/{id}/commands")
    @PreAuthorize(CENTRE)
    @Operation(summary = "The device's commands, newest first, and whether it can take commands at all")
    CommandList commands(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit", "must be between 1 and 500");
        }
        visibleDevice(Actors.current(), id);
        boolean channel = queue.hasReturnChannel(id);
        var device = registry.find(id).orElseThrow(() -> new NotFoundException("device " + id + " not found"));
        return new CommandList(id, device.model(), device.protocol(), channel, channel ? null
                : "OsmAnd / Traccar Client has no return channel: commands cannot reach this device",
                queue.accepted(id), queue.ofDevice(id, limit));
    }

    /** The device's commands and what its model accepts ({@code accepts}: the kinds the console may offer). */
    record CommandList(String deviceId, String model, String protocol, boolean returnChannel, String note,
            List<CommandKind> accepts, List<DeviceCommand> commands) {
    }

    @PostMapping("/api/v1/alarms/{id}/locate")
    @PreAuthorize(CENTRE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Locate now the device of an alarm; the position arrives on the map")
    DeviceCommand locateFromAlarm(@PathVariable UUID id) {
        Actor actor = Actors.current();
        if (!scope.canSeeAlarm(actor, id)) {
            throw new NotFoundException("alarm " + id + " not found");
        }
        // the alarm's own columns (the alarm desk owns the table; its scope was checked above)
        var row = jdbc.sql("SELECT device_id, order_id FROM alarm WHERE id = ?").param(id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, UUID.class)}).optional()
                .orElseThrow(() -> new NotFoundException("alarm " + id + " not found"));
        String device = (String) row[0];
        if (device == null) {
            throw new ConflictException("alarm " + id + " names no device");
        }
        return enqueue(device, CommandKind.LOCATE_NOW, null, "ALARM", (UUID) row[1], id);
    }

    @PostMapping("/api/v1/orders/{id}/locate")
    @PreAuthorize(CENTRE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Locate now the person of an order (their unit); the position arrives on the map")
    DeviceCommand locatePerson(@PathVariable UUID id) {
        Actor actor = Actors.current();
        if (!scope.canSee(actor, id)) {
            throw new NotFoundException("order " + id + " not found");
        }
        String device = registry.assignmentsOf(id).stream()
                .filter(a -> a.role() == AssignmentRole.PERSON_UNIT && a.until() == null)
                .map(a -> a.deviceId()).findFirst()
                .orElseThrow(() -> new ConflictException("order " + id + " has no person's unit assigned"));
        return enqueue(device, CommandKind.LOCATE_NOW, null, "OPERATOR", id, null);
    }

    private DeviceCommand enqueue(String device, CommandKind kind, String text, String reason, UUID order, UUID alarm) {
        try {
            return queue.enqueue(device, kind, text, reason, order, alarm);
        } catch (CommandQueue.CommandRefused e) {
            throw new ConflictException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("text", e.getMessage().replaceFirst("^text: ", ""));
        }
    }

    private void visibleDevice(Actor actor, String id) {
        if (id == null || id.length() > 40) {
            throw new NotFoundException("device not found");
        }
        OrderScope.SqlPredicate p = scope.onDevices(actor, "d");
        boolean visible = p.bind(jdbc.sql("SELECT COUNT(*) FROM device d WHERE d.unique_id = :id AND " + p.sql())
                .param("id", id)).query(Long.class).single() > 0;
        if (!visible) {
            throw new NotFoundException("device " + id + " not found");
        }
    }
}
