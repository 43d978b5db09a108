package org.alterna.devices;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Device inventory API: ADMIN and SUPERVISOR manage devices, OPERATOR reads, every other role is denied. Each
 * device is seen within the caller's scope only (see {@link DeviceService}).
 */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {
    private static final String READ = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";
    private static final String MANAGE = "hasAnyRole('ADMIN','SUPERVISOR')";
    private static final Set<String> FLAGS = Set.of("NOT_RETURNED", "IDLE");

    private final DeviceService devices;

    DeviceController(DeviceService devices) {
        this.devices = devices;
    }

    /** A device to register; only uniqueId, model and protocol are required. */
    record RegisterRequest(String uniqueId, String kind, String model, String protocol, String iccid, String firmware,
            String contract, String owner, String holdingRegion, String locationType, String location) {
    }

    /** Corrections (null leaves a value as it is); {@code status} is a move of the lifecycle, with its reason. */
    record UpdateRequest(String model, String kind, String iccid, String firmware, String contract, String owner,
            String locationType, String location, String status, String reason, String holdingRegion) {
    }

    /** {@code resolution}: the resolution the assignment rests on (default: the order's own). */
    record AssignRequest(UUID orderId, String role, Instant from, Instant until, String resolution) {
    }

    /** A move of the lifecycle: to which state, why, and where the unit goes. */
    record MoveRequest(String status, String reason, String locationType, String location) {
    }

    record ReasonRequest(String reason) {
    }

    @GetMapping
    @PreAuthorize(READ)
    @Operation(summary = "Devices the caller may see: serving an order of their scope, or held in stock by their "
            + "region (supervisors); flag NOT_RETURNED (removed longer ago than allowed) or IDLE (long in stock)")
    List<DeviceService.DeviceView> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String protocol,
            @RequestParam(required = false) UUID orderId,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String flag,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit", "must be between 1 and 1000");
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must not be negative");
        }
        if (q != null && q.length() > 40) {
            throw new InvalidInputException("q", "must be at most 40 characters");
        }
        String f = flag == null || flag.isBlank() ? null : flag.strip().toUpperCase(Locale.ROOT);
        if (f != null && !FLAGS.contains(f)) {
            throw new InvalidInputException("flag", "must be NOT_RETURNED or IDLE");
        }
        return devices.list(Actors.current(), new DeviceService.Filter(parse(DeviceStatus.class, status, "status"),
                protocol == null || protocol.isBlank() ? null : protocol, orderId, q,
                parse(DeviceKind.class, kind, "kind"), f, limit, offset));
    }

    @GetMapping("/{id}")
    @PreAuthorize(READ)
    DeviceService.DeviceView get(@PathVariable String id) {
        return devices.get(Actors.current(), id);
    }

    @GetMapping("/{id}/assignments")
    @PreAuthorize(READ)
    @Operation(summary = "The device's assignments to orders the caller may see")
    List<DeviceService.AssignmentView> assignments(@PathVariable String id) {
        return devices.assignments(Actors.current(), id);
    }

    @GetMapping("/{id}/movements")
    @PreAuthorize(READ)
    @Operation(summary = "The device's history: every move with who, when, why and where (orders the caller does not "
            + "see are left out)")
    List<DeviceService.MovementView> movements(@PathVariable String id) {
        return devices.movements(Actors.current(), id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(MANAGE)
    @Operation(summary = "Register a device in stock, held by a region (a supervisor's own)")
    DeviceService.DeviceView register(@RequestBody(required = false) RegisterRequest r) {
        if (r == null) {
            throw new InvalidInputException("", "a body with uniqueId, model and protocol is required");
        }
        return devices.register(Actors.current(), new NewDevice(r.uniqueId(), parse(DeviceKind.class, r.kind(), "kind"),
                r.model(), r.protocol(), r.iccid(), r.firmware(), r.contract(), r.owner(), r.holdingRegion(),
                parse(LocationType.class, r.locationType(), "locationType"), r.location()));
    }

    @PatchMapping("/{id}")
    @PreAuthorize(MANAGE)
    @Operation(summary = "Correct what the device is or where it is kept, hand it to another region (ADMIN), or move "
            + "it in its lifecycle (status, with a reason)")
    DeviceService.DeviceView update(@PathVariable String id, @RequestBody(required = false) UpdateRequest request) {
        UpdateRequest r = request == null
                ? new UpdateRequest(null, null, null, null, null, null, null, null, null, null, null) : request;
        DeviceRegistry.Details details = new DeviceRegistry.Details(r.model(), parse(DeviceKind.class, r.kind(), "kind"),
                r.iccid(), r.firmware(), r.contract(), r.owner(),
                parse(LocationType.class, r.locationType(), "locationType"), r.location());
        return devices.update(Actors.current(), id, details, parse(DeviceStatus.class, r.status(), "status"),
                r.reason(), r.holdingRegion());
    }

    @PostMapping("/{id}/status")
    @PreAuthorize(MANAGE)
    @Operation(summary = "Move the device in its lifecycle: back IN_STOCK (returned, repaired, found), IN_REPAIR, LOST, "
            + "DAMAGED, RETIRED or REMOVED from its order; the reason is kept in its history")
    DeviceService.DeviceView move(@PathVariable String id, @RequestBody(required = false) MoveRequest request) {
        MoveRequest r = request == null ? new MoveRequest(null, null, null, null) : request;
        devices.visible(Actors.current(), id); // out of scope answers as missing, whatever the body
        DeviceStatus to = parse(DeviceStatus.class, r.status(), "status");
        if (to == null) {
            throw new InvalidInputException("status", "the state to move the device to is required");
        }
        return devices.move(Actors.current(), id, to, r.reason(), parse(LocationType.class, r.locationType(),
                "locationType"), r.location());
    }

    @PostMapping("/{id}/retire")
    @PreAuthorize(MANAGE)
    DeviceService.DeviceView retire(@PathVariable String id, @RequestBody(required = false) ReasonRequest r) {
        return devices.retire(Actors.current(), id, r == null ? null : r.reason());
    }

    @PostMapping("/{id}/assignment")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(MANAGE)
    @Operation(summary = "Assign the device to an order of the caller's scope (ordered and not ended), from now or "
            + "a few minutes back at most, citing the resolution")
    DeviceService.AssignmentView assign(@PathVariable String id, @RequestBody(required = false) AssignRequest request) {
        AssignRequest r = request == null ? new AssignRequest(null, null, null, null, null) : request;
        AssignmentRole role;
        try {
            role = r.role() == null ? null : AssignmentRole.valueOf(r.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", "must be PERSON_UNIT or VICTIM_UNIT");
        }
        if (r.resolution() != null && r.resolution().length() > 60) {
            throw new InvalidInputException("resolution", "must be at most 60 characters");
        }
        return devices.assign(Actors.current(), id, r.orderId(), role, r.from(), r.until(), r.resolution());
    }

    @PostMapping("/{id}/unassign")
    @PreAuthorize(MANAGE)
    @Operation(summary = "Take the device off its order now (REMOVED, awaiting its return)")
    DeviceService.AssignmentView unassign(@PathVariable String id, @RequestBody(required = false) ReasonRequest r) {
        return devices.unassign(Actors.current(), id, r == null ? null : r.reason());
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        String problem = NewDevice.checkEnum(type, value);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return NewDevice.parseEnum(type, value);
    }
}
