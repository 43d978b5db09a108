package org.alterna.devices;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.UUID;
import org.alterna.identity.Actors;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Bulk import of devices from CSV, with a job whose progress is read back (ADMIN, SUPERVISOR). */
@RestController
@RequestMapping("/api/v1/device-imports")
class DeviceImportController {
    private static final String MANAGE = "hasAnyRole('ADMIN','SUPERVISOR')";

    private final DeviceImports imports;

    DeviceImportController(DeviceImports imports) {
        this.imports = imports;
    }

    @PostMapping
    @PreAuthorize(MANAGE)
    @Operation(summary = "Import devices from a CSV file (the request body, text/csv, UTF-8): the header is checked at "
            + "once (400 naming the column); then every line is validated and, only if none has an error, all are "
            + "stored in one transaction. Answers 202 with the job; follow it at the Location")
    ResponseEntity<DeviceImports.JobView> start(@RequestBody(required = false) byte[] csv) {
        DeviceImports.JobView job = imports.start(Actors.current(), csv);
        return ResponseEntity.accepted().location(URI.create("/api/v1/device-imports/" + job.id())).body(job);
    }

    @GetMapping("/{id}")
    @PreAuthorize(MANAGE)
    @Operation(summary = "An import's progress: lines validated and stored, and every error by line and column")
    DeviceImports.JobView get(@PathVariable UUID id) {
        return imports.get(Actors.current(), id);
    }
}
