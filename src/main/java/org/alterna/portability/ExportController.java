package org.alterna.portability;

import java.time.Clock;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.alterna.audit.Audited;
import org.alterna.audit.InstallationKey;
import org.alterna.common.LocalTime;
import org.alterna.identity.Actors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The whole installation as a download for the administrator (the same archive as {@code alterna export}). Importing
 * is done with {@code alterna import} into a new, empty database: an installation someone is logged in to is not empty.
 */
@RestController
class ExportController {
    private final DataSource dataSource;
    private final InstallationKey key;
    private final Clock clock;
    private final LocalTime localTime;
    private final ApplicationEventPublisher events;

    ExportController(DataSource dataSource, InstallationKey key, Clock clock, LocalTime localTime,
            ApplicationEventPublisher events) {
        this.dataSource = dataSource;
        this.key = key;
        this.clock = clock;
        this.localTime = localTime;
        this.events = events;
    }

    @GetMapping("/api/v1/installation/export")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<StreamingResponseBody> export() {
        String who = Actors.current().username();
        // recorded before the snapshot is taken, so that the export contains its own audit entry
        events.publishEvent(new Audited("installation.export", "Installation", null, "full export"));
        String name = "alterna-export-" + LocalDate.now(clock.withZone(localTime.zone())) + ".zip";
        StreamingResponseBody body = out -> InstallationExport.write(dataSource, out, Signer.of(key), who,
                clock.instant(), ExportedTables.TABLES, line -> { });
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(body);
    }
}
