package org.alterna.orders;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reference data: penal centres (with INPE's figures), courts, judges and the people under a measure. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Reference data", description = "Penal centres, courts, judges, people under a measure")
class ReferenceController {
    static final String EVERYONE = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR','POLICE','AUDITOR')";
    static final String ADMIN = "hasRole('ADMIN')";

    private final ReferenceRepository repository;
    private final ReferenceService service;
    private final PenalCentreImport importer;

    ReferenceController(ReferenceRepository repository, ReferenceService service, PenalCentreImport importer) {
        this.repository = repository;
        this.service = service;
        this.importer = importer;
    }

    // ---- penal centres ----

    record Totals(int establishments, long capacity, long population, long procesados, long sentenciados,
            Double overcrowdingPercent) {
    }

    record PenalCentres(LocalDate figuresDate, Totals totals, List<PenalCentre> centres) {
    }

    @GetMapping("/penal-centres")
    @PreAuthorize(EVERYONE)
    @Operation(summary = "Penal establishments with INPE's figures, totals and overcrowding, and the figures' date")
    PenalCentres penalCentres(@RequestParam(required = false) String region) {
        List<PenalCentre> centres = repository.penalCentres().stream()
                .filter(c -> region == null || region.isBlank() || c.regionalOffice().equalsIgnoreCase(region.trim()))
                .toList();
        long capacity = centres.stream().mapToLong(PenalCentre::capacity).sum();
        long population = centres.stream().mapToLong(PenalCentre::population).sum();
        Totals totals = new Totals(centres.size(), capacity, population,
                centres.stream().mapToLong(PenalCentre::procesados).sum(),
                centres.stream().mapToLong(PenalCentre::sentenciados).sum(),
                PenalCentre.overcrowding(capacity, population));
        LocalDate date = centres.stream().map(PenalCentre::figuresDate).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new PenalCentres(date, totals, centres);
    }

    @PostMapping("/penal-centres/import") // text/csv expected; any type is read as CSV text
    @PreAuthorize(ADMIN)
    @Operation(summary = "Import INPE's establishments and figures (CSV); all rows or none")
    PenalCentreImport.Result importPenalCentres(@RequestBody String csv) {
        return importer.importCsv(csv);
    }

    // ---- courts ----

    @GetMapping("/courts")
    @PreAuthorize(EVERYONE)
    List<Court> courts() {
        return service.courts();
    }

    @GetMapping("/courts/{code}")
    @PreAuthorize(EVERYONE)
    Court court(@PathVariable String code) {
        return service.court(code.toUpperCase());
    }

    @PostMapping("/courts")
    @PreAuthorize(ADMIN)
    ResponseEntity<Court> createCourt(@RequestBody Court body) {
        Court c = service.createCourt(body);
        return ResponseEntity.created(URI.create("/api/v1/courts/" + c.code())).body(c);
    }

    @PutMapping("/courts/{code}")
    @PreAuthorize(ADMIN)
    Court updateCourt(@PathVariable String code, @RequestBody Court body) {
        return service.updateCourt(code.toUpperCase(), body);
    }

    @DeleteMapping("/courts/{code}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deleteCourt(@PathVariable String code) {
        service.deleteCourt(code.toUpperCase());
        return ResponseEntity.noContent().build();
    }

    // ---- judges ----

    @GetMapping("/judges")
    @PreAuthorize(OrderController.READERS)
    List<Judge> judges(@RequestParam(required = false) String court) {
        return service.judges(court);
    }

    @GetMapping("/judges/{id}")
    @PreAuthorize(OrderController.READERS)
    Judge judge(@PathVariable long id) {
        return service.judge(id);
    }

    @PostMapping("/judges")
    @PreAuthorize(ADMIN)
    ResponseEntity<Judge> createJudge(@RequestBody Judge body) {
        Judge j = service.createJudge(body);
        return ResponseEntity.created(URI.create("/api/v1/judges/" + j.id())).body(j);
    }

    @PutMapping("/judges/{id}")
    @PreAuthorize(ADMIN)
    Judge updateJudge(@PathVariable long id, @RequestBody Judge body) {
        return service.updateJudge(id, body);
    }

    @DeleteMapping("/judges/{id}")
    @PreAuthorize(ADMIN)
    ResponseEntity<Void> deleteJudge(@PathVariable long id) {
        service.deleteJudge(id);
        return ResponseEntity.noContent().build();
    }

    // ---- people ----

    @GetMapping("/people")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR')")
    @Operation(summary = "Look a person up by DNI within the caller's scope (supervisors), or list everyone (admin)")
    OrderController.PageOf<Person> people(@RequestParam(required = false) String dni,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Actor actor = Actors.current();
        if (dni != null && !dni.isBlank()) {
            return new OrderController.PageOf<>(List.of(service.personByDni(dni, actor)), 0, 1, 1);
        }
        if (!actor.is(Role.ADMIN)) {
            throw new InvalidInputException("dni", "required: look a person up by DNI");
        }
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw new InvalidInputException("size", "must be between 1 and 200");
        }
        return new OrderController.PageOf<>(service.people(page, size), page, size, service.countPeople());
    }

    @GetMapping("/people/{id}")
    @PreAuthorize(OrderController.CASE_WORKERS)
    Person person(@PathVariable UUID id) {
        return service.person(id, Actors.current());
    }

    @PostMapping("/people")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR')")
    @Operation(summary = "Register a person under a measure (DNI exactly 8 digits)")
    ResponseEntity<Person> createPerson(@RequestBody Person body) {
        Person p = service.createPerson(body, Actors.current());
        return ResponseEntity.created(URI.create("/api/v1/people/" + p.id())).body(p);
    }

    @PutMapping("/people/{id}")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR')")
    Person updatePerson(@PathVariable UUID id, @RequestBody Person body) {
        return service.updatePerson(id, body, Actors.current());
    }
}
