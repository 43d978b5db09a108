package org.alterna.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.alterna.identity.Actors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Legal holds on a case: the retention job deletes nothing of it while one is in force. */
@RestController
@RequestMapping("/api/v1/orders/{id}/legal-hold")
@Tag(name = "Data protection", description = "Retention, legal holds and subject access (Ley 29733)")
class LegalHoldController {
    static final String MAY_HOLD = "hasAnyRole('ADMIN','SUPERVISOR','JUDGE')";

    private final LegalHolds holds;

    LegalHoldController(LegalHolds holds) {
        this.holds = holds;
    }

    @GetMapping
    @PreAuthorize(MAY_HOLD)
    @Operation(summary = "Whether a legal hold is in force on the case, its history, and from when retention would delete the case")
    LegalHolds.Status status(@PathVariable UUID id) {
        return holds.status(id, Actors.current());
    }

    @PostMapping
    @PreAuthorize(MAY_HOLD)
    @Operation(summary = "Place a legal hold on the case, with its reason (409 if one is in force)")
    LegalHolds.Status place(@PathVariable UUID id, @RequestBody(required = false) LegalHolds.Reason body) {
        return holds.place(id, body, Actors.current());
    }

    @PostMapping("/release")
    @PreAuthorize(MAY_HOLD)
    @Operation(summary = "Lift the legal hold in force, with the reason (409 if none is)")
    LegalHolds.Status lift(@PathVariable UUID id, @RequestBody(required = false) LegalHolds.Reason body) {
        return holds.lift(id, body, Actors.current());
    }
}
