package org.alterna.devices;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
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

/** Device registry API: ADMIN and SUPERVISOR manage devices, OPERATOR reads, every other role is denied. */
@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {
    private static final String READ = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";
    private static final String MANAGE = "hasAnyRole('ADMIN','SUPERVISOR')";

    private final DeviceRegistry registry;

    DeviceController(DeviceRegistry registry) {
        this.registry = registry;
    }

    record DeviceView(String uniqueId, String model, String protocol, DeviceStatus status, Instant registeredAt,
            Instant retiredAt, Assignment currentAssignment) {
    }

    record RegisterRequest(String uniqueId, String model, String protocol) {
    }

    record UpdateRequest(String model, String status) {
    }

    record AssignRequest(UUID orderId, String role, Instant from, Instant until) {
    }

    @GetMapping
    @PreAuthorize(READ)
    List<DeviceView> list(@RequestParam(required = false) String status,
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
        return registry.list(status(status, "status"), protocol, orderId, q, limit, offset).stream()
                .map(this::view).toList();
    }

    @GetMapping("/{id}")
    @PreAuthorize(READ)
    DeviceView get(@PathVariable String id) {
        return view(registry.find(id).orElseThrow(() -> new NotFoundException("device " + id + " is not registered")));
    }

    @GetMapping("/{id}/assignments")
    @PreAuthorize(READ)
    List<Assignment> assignments(@PathVariable String id) {
        registry.find(id).orElseThrow(() -> new NotFoundException("device " + id + " is not registered"));
        return registry.assignmentsOfDevice(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(MANAGE)
    DeviceView register(@RequestBody RegisterRequest request) {
        if (request == null) {
            throw new InvalidInputException("", "a body with uniqueId, model and protocol is required");
        }
        return view(registry.register(request.uniqueId(), request.model(), request.protocol()));
    }

    @PatchMapping("/{id}")
    @PreAuthorize(MANAGE)
    DeviceView update(@PathVariable String id, @RequestBody UpdateRequest request) {
        return view(registry.update(id, request.model(), status(request.status(), "status")));
    }

    @PostMapping("/{id}/retire")
    @PreAuthorize(MANAGE)
    DeviceView retire(@PathVariable String id) {
        return view(registry.retire(id));
    }

    @PostMapping("/{id}/assignment")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(MANAGE)
    Assignment assign(@PathVariable String id, @RequestBody AssignRequest request) {
        AssignmentRole role;
        try {
            role = request.role() == null ? null : AssignmentRole.valueOf(request.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", "must be PERSON_UNIT or VICTIM_UNIT");
        }
        return registry.assign(id, request.orderId(), role, request.from(), request.until());
    }

    @PostMapping("/{id}/unassign")
    @PreAuthorize(MANAGE)
    Assignment unassign(@PathVariable String id) {
        return registry.unassign(id);
    }

    private DeviceView view(RegisteredDevice d) {
        return new DeviceView(d.uniqueId(), d.model(), d.protocol(), d.status(), d.registeredAt(), d.retiredAt(),
                registry.currentAssignment(d.uniqueId()).orElse(null));
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
