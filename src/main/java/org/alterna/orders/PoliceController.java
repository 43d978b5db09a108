package org.alterna.orders;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
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

/** The judge's authorisations for the police to follow a case, and the log of every police access to it. */
@RestController
@RequestMapping("/api/v1/orders/{id}")
@Tag(name = "Police access", description = "Judge's authorisations for the police and the police access log")
class PoliceController {
    static final String OVERSIGHT = "hasAnyRole('ADMIN','JUDGE','SUPERVISOR','AUDITOR')";

    private final PoliceAccess police;

    PoliceController(PoliceAccess police) {
        this.police = police;
    }

    @PostMapping("/police-authorisations")
    @PreAuthorize(OrderController.COURT)
    @Operation(summary = "The judge authorises the police of a jurisdiction to follow the live position for a period "
            + "and a reason (outside an open critical alarm)")
    ResponseEntity<PoliceAccess.PoliceAuthorisation> authorise(@PathVariable UUID id,
            @RequestBody(required = false) PoliceAccess.AuthorisationRequest body) {
        PoliceAccess.PoliceAuthorisation a = police.authorise(id, body, Actors.current());
        return ResponseEntity.created(URI.create("/api/v1/orders/" + id + "/police-authorisations/" + a.id()))
                .body(a);
    }

    @GetMapping("/police-authorisations")
    @PreAuthorize(OVERSIGHT)
    @Operation(summary = "Every police authorisation of the order, with whether it is in force")
    List<PoliceAccess.PoliceAuthorisation> authorisations(@PathVariable UUID id) {
        return police.authorisations(id, Actors.current());
    }

    @PostMapping("/police-authorisations/{authorisationId}/revocation")
    @PreAuthorize(OrderController.COURT)
    @Operation(summary = "The judge revokes an authorisation in force")
    PoliceAccess.PoliceAuthorisation revoke(@PathVariable UUID id, @PathVariable long authorisationId,
            @RequestBody(required = false) PoliceAccess.Revocation body) {
        return police.revoke(id, authorisationId, body, Actors.current());
    }

    @GetMapping("/police-access")
    @PreAuthorize(OVERSIGHT)
    @Operation(summary = "Every police access to the case: who, when, on what basis, what was shown")
    List<PoliceAccess.AccessEntry> access(@PathVariable UUID id) {
        return police.accessLog(id, Actors.current());
    }
}
