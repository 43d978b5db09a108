package org.alterna.orders;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.alterna.identity.Actors;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Judicial orders: lifecycle, conditions and their variations, viability reports, warnings. */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders", description = "Judicial orders of electronic monitoring (órdenes judiciales de VEP)")
class OrderController {
    static final String READERS = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR','AUDITOR')";
    static final String CASE_WORKERS = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR')";
    static final String COURT = "hasAnyRole('ADMIN','JUDGE')";

    private final OrderService service;

    OrderController(OrderService service) {
        this.service = service;
    }

    /** A page of a list. */
    record PageOf<T>(List<T> items, int page, int size, long total) {
    }

    /** A conditions version as the API shows it (conditions as JSON). */
    record ConditionsDto(UUID orderId, int version, String resolutionNumber, LocalDate resolutionDate,
            Instant effectiveFrom, String author, Instant createdAt, JsonNode conditions) {
        static ConditionsDto of(ConditionsVersion v) {
            return new ConditionsDto(v.orderId(), v.version(), v.resolutionNumber(), v.resolutionDate(),
                    v.effectiveFrom(), v.author(), v.createdAt(), v.conditions().toJsonNode());
        }
    }

    /** A variation without its conditions (metadata readable by auditors). */
    record VariationDto(int version, String resolutionNumber, LocalDate resolutionDate, Instant effectiveFrom,
            String author, Instant createdAt) {
    }

    @GetMapping
    @PreAuthorize(READERS)
    @Operation(summary = "Orders the caller may see, filtered and paginated")
    PageOf<OrderView> list(@RequestParam(required = false) String status,
            @RequestParam(required = false) String court, @RequestParam(required = false) String measureType,
            @RequestParam(required = false) String region, @RequestParam(required = false) UUID personId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        OrderRepository.Filter filter = new OrderRepository.Filter(
                status == null || status.isBlank() ? null : OrderService.parseEnum(OrderStatus.class, status, "status"),
                court == null || court.isBlank() ? null : court.trim().toUpperCase(),
                measureType == null || measureType.isBlank() ? null
                        : OrderService.parseEnum(MeasureType.class, measureType, "measureType"),
                region == null || region.isBlank() ? null : region.trim(), personId);
        OrderRepository.Page result = service.list(Actors.current(), filter, page, size);
        return new PageOf<>(result.items(), page, size, result.total());
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR')")
    @Operation(summary = "Register a court's request for electronic monitoring (status REQUESTED)")
    ResponseEntity<OrderView> create(@RequestBody OrderService.NewOrder body) {
        OrderView view = service.create(body, Actors.current());
        return ResponseEntity.created(URI.create("/api/v1/orders/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    OrderView get(@PathVariable UUID id) {
        return service.view(id, Actors.current());
    }

    @GetMapping("/{id}/history")
    @PreAuthorize(READERS)
    @Operation(summary = "Every lifecycle transition: from, to, when, by whom, resolution, note")
    List<OrderRepository.HistoryEntry> history(@PathVariable UUID id) {
        return service.history(id, Actors.current());
    }

    @PostMapping("/{id}/viability-report")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR')")
    @Operation(summary = "Attach INPE's technical viability report (REQUESTED → VIABILITY_REPORTED)")
    OrderView viabilityReport(@PathVariable UUID id, @RequestBody OrderService.NewViabilityReport body) {
        return service.reportViability(id, body, Actors.current());
    }

    @GetMapping("/{id}/viability-reports")
    @PreAuthorize(READERS)
    List<ViabilityReport> viabilityReports(@PathVariable UUID id) {
        return service.viabilityReports(id, Actors.current());
    }

    @PostMapping("/{id}/resolution")
    @PreAuthorize(COURT)
    @Operation(summary = "The judge orders the measure and fixes its conditions (VIABILITY_REPORTED → ORDERED)")
    OrderView resolution(@PathVariable UUID id, @RequestBody OrderService.OrderResolution body) {
        return service.order(id, body, Actors.current());
    }

    @PostMapping("/{id}/installation")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    @Operation(summary = "Schedule the installation (ORDERED → INSTALLATION_SCHEDULED)")
    OrderView installation(@PathVariable UUID id, @RequestBody OrderService.Installation body) {
        return service.scheduleInstallation(id, body, Actors.current());
    }

    @PostMapping("/{id}/activation")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    @Operation(summary = "The device is installed: monitoring starts (INSTALLATION_SCHEDULED → ACTIVE, once)")
    OrderView activation(@PathVariable UUID id, @RequestBody(required = false) OrderService.Note body) {
        return service.activate(id, body, Actors.current());
    }

    @PostMapping("/{id}/suspension")
    @PreAuthorize(COURT)
    @Operation(summary = "Suspend by resolution (ACTIVE → SUSPENDED)")
    OrderView suspension(@PathVariable UUID id, @RequestBody OrderService.ResolutionNote body) {
        return service.suspend(id, body, Actors.current());
    }

    @PostMapping("/{id}/resumption")
    @PreAuthorize(COURT)
    @Operation(summary = "Lift the suspension by resolution (SUSPENDED → ACTIVE)")
    OrderView resumption(@PathVariable UUID id, @RequestBody OrderService.ResolutionNote body) {
        return service.resume(id, body, Actors.current());
    }

    @PostMapping("/{id}/completion")
    @PreAuthorize("hasAnyRole('ADMIN','JUDGE','SUPERVISOR')")
    @Operation(summary = "The term is served (ACTIVE or SUSPENDED → COMPLETED)")
    OrderView completion(@PathVariable UUID id, @RequestBody(required = false) OrderService.ResolutionNote body) {
        return service.complete(id, body, Actors.current());
    }

    @PostMapping("/{id}/revocation")
    @PreAuthorize(COURT)
    @Operation(summary = "Revoke by resolution (ORDERED, INSTALLATION_SCHEDULED, ACTIVE or SUSPENDED → REVOKED)")
    OrderView revocation(@PathVariable UUID id, @RequestBody OrderService.ResolutionNote body) {
        return service.revoke(id, body, Actors.current());
    }

    @PostMapping("/{id}/variations")
    @PreAuthorize("hasAnyRole('ADMIN','JUDGE','SUPERVISOR')")
    @Operation(summary = "Vary the conditions by a new resolution: a new version in force from effectiveFrom "
            + "(the judge of the court, or the INPE supervisor of the region recording the judge's resolution)")
    ResponseEntity<ConditionsDto> vary(@PathVariable UUID id, @RequestBody OrderService.Variation body) {
        ConditionsVersion v = service.vary(id, body, Actors.current());
        return ResponseEntity.created(URI.create("/api/v1/orders/" + id + "/conditions?version=" + v.version()))
                .body(ConditionsDto.of(v));
    }

    @GetMapping("/{id}/variations")
    @PreAuthorize(READERS)
    @Operation(summary = "Every version of the conditions (metadata; the conditions themselves via /conditions)")
    List<VariationDto> variations(@PathVariable UUID id) {
        return service.versions(id, Actors.current()).stream().map(v -> new VariationDto(v.version(),
                v.resolutionNumber(), v.resolutionDate(), v.effectiveFrom(), v.author(), v.createdAt())).toList();
    }

    @GetMapping("/{id}/conditions")
    @PreAuthorize(CASE_WORKERS)
    @Operation(summary = "The conditions in force at asOf (default now), or a given version")
    ConditionsDto conditions(@PathVariable UUID id, @RequestParam(required = false) Instant asOf,
            @RequestParam(required = false) Integer version) {
        return ConditionsDto.of(service.conditions(id, asOf, version, Actors.current()));
    }

    @PostMapping("/{id}/warnings")
    @PreAuthorize(COURT)
    @Operation(summary = "Record an amonestación (warning) issued by the court")
    ResponseEntity<OrderRepository.Warning> warn(@PathVariable UUID id, @RequestBody OrderService.NewWarning body) {
        return ResponseEntity.status(201).body(service.warn(id, body, Actors.current()));
    }

    @GetMapping("/{id}/warnings")
    @PreAuthorize(READERS)
    List<OrderRepository.Warning> warnings(@PathVariable UUID id) {
        return service.warnings(id, Actors.current());
    }

    @PutMapping("/{id}/assignment")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR')")
    @Operation(summary = "Assign the monitoring centre and the prosecutor")
    OrderView assignment(@PathVariable UUID id, @RequestBody OrderService.Assignment body) {
        return service.assign(id, body, Actors.current());
    }

    @GetMapping("/{id}/victim")
    @PreAuthorize("hasAnyRole('ADMIN','JUDGE','SUPERVISOR','OPERATOR')")
    @Operation(summary = "The protected victim's contact details (audited)")
    Victim victim(@PathVariable UUID id) {
        return service.victim(id, Actors.current());
    }
}
