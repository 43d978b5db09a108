package org.alterna.devices;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
 * Device registry API: ADMIN and SUPERVISOR manage devices, OPERATOR reads, every other role is denied. Each
 * device is seen within the caller's scope only (see {@link DeviceService}).
 */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {
    private static final String READ = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";
    private static final String MANAGE = "hasAnyRole('ADMIN','SUPERVISOR')";

    private final DeviceService devices;

    DeviceController(DeviceService devices) {
        this.devices = devices;
    }

    record RegisterRequest(String uniqueId, String model, String protocol, String holdingRegion) {
    }

    record UpdateRequest(String model, String status, String holdingRegion) {
    }

    /** {@code resolution}: the resolution the assignment rests on (default: the order's own). */
    record AssignRequest(UUID orderId, String role, Instant from, Instant until, String resolution) {
    }

    @GetMapping
    @PreAuthorize(READ)
    @Operation(summary = "Devices the caller may see: serving an order of their scope, or held in stock by their "
            + "region (supervisors)")
    List<DeviceService.DeviceView> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String protocol,
            @RequestParam(required = false) UUID orderId,
            @RequestParam(required = false) String q,
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
        return devices.list(Actors.current(), new DeviceService.Filter(status(status, "status"),
                protocol == null || protocol.isBlank() ? null : protocol, orderId, q, limit, offset));
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

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(MANAGE)
    @Operation(summary = "Register a device, held in stock by a region (a supervisor's own)")
    DeviceService.DeviceView register(@RequestBody(required = false) RegisterRequest request) {
        if (request == null) {
            throw new InvalidInputException("", "a body with uniqueId, model and protocol is required");
        }
        return devices.register(Actors.current(), request.uniqueId(), request.model(), request.protocol(),
                request.holdingRegion());
    }

    @PatchMapping("/{id}")
    @PreAuthorize(MANAGE)
    DeviceService.DeviceView update(@PathVariable String id, @RequestBody(required = false) UpdateRequest request) {
        UpdateRequest r = request == null ? new UpdateRequest(null, null, null) : request;
        return devices.update(Actors.current(), id, r.model(), status(r.status(), "status"), r.holdingRegion());
    }

    @PostMapping("/{id}/retire")
    @PreAuthorize(MANAGE)
    DeviceService.DeviceView retire(@PathVariable String id) {
        return devices.retire(Actors.current(), id);
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
    @Operation(summary = "End the device's current assignment now")
    DeviceService.AssignmentView unassign(@PathVariable String id) {
        return devices.unassign(Actors.current(), id);
    }

    private static DeviceStatus status(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DeviceStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be ACTIVE or RETIRED");
        }
    }
}
