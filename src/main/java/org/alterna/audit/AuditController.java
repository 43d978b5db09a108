package org.alterna.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail and its verification, for auditors and administrators. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
    private final AuditTrail trail;
    private final AuditVerifier verifier;

    AuditController(AuditTrail trail, AuditVerifier verifier) {
        this.trail = trail;
        this.verifier = verifier;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    List<AuditTrail.Entry> search(@RequestParam(required = false) String username,
            @RequestParam(required = false) String recordType, @RequestParam(required = false) String recordId,
            @RequestParam(required = false) String action, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(defaultValue = "200") int limit) {
        return trail.search(username, recordType, recordId, action, from, to, limit);
    }

    @GetMapping("/verify")
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    AuditVerifier.Result verify() {
        return verifier.verify();
    }
}
