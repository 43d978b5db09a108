package org.alterna.reports;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.alterna.audit.InstallationKey;
import org.alterna.common.InvalidInputException;
import org.alterna.reports.evidence.EvidenceVerifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What anyone may use without an account: the installation's public key, and the verification of an evidence package
 * (a judge or a defence lawyer uploads the file, and may give the key they trust). Verifying reads nothing stored and
 * changes nothing; the upload is spooled to a temporary file, at most {@value #MAX_BYTES} bytes, and deleted. Since
 * anyone may call it, at most {@value #CONCURRENT} verifications run at once (each hashes the whole file): more are
 * answered 503 with a Retry-After, so that uploads cannot take the server's disk and cores.
 */
@RestController
class EvidenceController {
    static final long MAX_BYTES = 512L * 1024 * 1024;
    static final int CONCURRENT = 2;
    final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(CONCURRENT);
    private final InstallationKey key;
    private final ReportService reports;

    EvidenceController(InstallationKey key, ReportService reports) {
        this.key = key;
        this.reports = reports;
    }

    @GetMapping("/api/v1/installation-key")
    @PreAuthorize("permitAll()")
    @Operation(summary = "The installation's Ed25519 public key that signs evidence packages (public; ?format=pem for "
            + "the PEM file alone)")
    ResponseEntity<?> installationKey(@RequestParam(required = false) String format) {
        if ("pem".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                    .header("Content-Disposition", "attachment; filename=\"installation-key.pem\"")
                    .body(key.publicKeyPem());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithm", "Ed25519");
        body.put("keyId", key.keyId());
        body.put("fingerprintSha256", reports.fingerprint());
        body.put("publicKeyPem", key.publicKeyPem());
        return ResponseEntity.ok(body);
    }

    @PostMapping(value = "/api/v1/evidence/verification", consumes = MediaType.ALL_VALUE)
    @PreAuthorize("permitAll()")
    @Operation(summary = "Verify an evidence package sent as the request body (the ZIP file); optional 'key': the "
            + "public key to check the signature with (PEM or Base64), else this installation's own (public)")
    EvidenceVerifier.Result verify(HttpServletRequest request, @RequestParam(required = false) String key)
            throws IOException {
        PublicKey trusted;
        EvidenceVerifier.KeySource source;
        if (key != null && !key.isBlank()) {
            try {
                // a '+' of Base64 sent unencoded in a query arrives as a space: restore it once the armour is gone
                String body = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("[\\r\\n\\t]", "").trim()
                        .replace(' ', '+');
                trusted = InstallationKey.parsePublicKey(body);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("key", "not an Ed25519 public key (PEM or Base64 of its X.509 encoding)");
            }
            source = EvidenceVerifier.KeySource.GIVEN;
        } else {
            trusted = this.key.publicKey();
            source = EvidenceVerifier.KeySource.INSTALLATION;
        }
        if (!running.tryAcquire()) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
                    "other packages are being verified; try again in a minute") {
                @Override
                public org.springframework.http.HttpHeaders getHeaders() {
                    org.springframework.http.HttpHeaders h = new org.springframework.http.HttpHeaders();
                    h.set(org.springframework.http.HttpHeaders.RETRY_AFTER, "30");
                    return h;
                }
            };
        }
        Path tmp;
        try {
            tmp = Files.createTempFile("alterna-verify", ".zip");
        } catch (IOException | RuntimeException e) {
            running.release();
            throw e;
        }
        try {
            long n = 0;
            try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0;) {
                    n += r;
                    if (n > MAX_BYTES) {
                        throw new InvalidInputException("file", "larger than " + MAX_BYTES / 1024 / 1024 + " MB");
                    }
                    out.write(buf, 0, r);
                }
            }
            if (n == 0) {
                throw new InvalidInputException("file", "send the evidence package (ZIP) as the request body");
            }
            return EvidenceVerifier.verify(tmp, trusted, source);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } finally {
                running.release();
            }
        }
    }
}
