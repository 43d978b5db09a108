package org.alterna.reports;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.alterna.audit.InstallationKey;
import org.alterna.reports.evidence.EvidenceVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code alterna verify FILE}: checks an evidence package's signature and every file and row in it. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify an evidence package (ZIP): the Ed25519 signature of its manifest, the SHA-256 of every",
                "file and, in an altered file, every row. Names each altered, removed, inserted or reordered row.",
                "No server, database or network. Exit 0 if intact, 1 if anything is wrong, 2 on bad usage."})
public class VerifyEvidenceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Evidence package (.zip).")
    Path file;

    @Option(names = "--key", paramLabel = "PEM",
            description = "The installation's public key (a PEM file, e.g. from GET /api/v1/installation-key or "
                    + "printed in the report). Without it the key inside the package is used: that proves the package "
                    + "is whole, not who made it.")
    Path key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("alterna verify: " + file + ": no such file");
            err.flush();
            return 2;
        }
        PublicKey trusted = null;
        if (key != null) {
            try {
                trusted = InstallationKey.parsePublicKey(Files.readString(key));
            } catch (IOException | IllegalArgumentException e) {
                err.println("alterna verify: --key " + key + ": " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        EvidenceVerifier.Result r = EvidenceVerifier.verify(file, trusted, EvidenceVerifier.KeySource.GIVEN);
        r.subject().forEach((k, v) -> out.println(k + ": " + v));
        if (r.manifestSha256() != null) {
            out.println("manifest SHA-256: " + r.manifestSha256());
        }
        if (r.keyId() != null) {
            out.println("signature: " + (r.signatureValid() ? "VALID" : "INVALID") + " with key " + r.keyId()
                    + (r.keySource() == EvidenceVerifier.KeySource.PACKAGE
                            ? " (the key inside the package: compare its id with the installation's published key)"
                            : " (the key given with --key)"));
        }
        for (EvidenceVerifier.FileCheck f : r.files()) {
            out.printf("%-10s %s%s%n", f.status(), f.name(), f.rows() == null ? "" : " (" + f.rows() + " rows)");
        }
        for (EvidenceVerifier.Problem p : r.problems()) {
            out.println("PROBLEM " + p.code() + ": " + p.message());
        }
        out.println(r.intact() ? "Evidence package INTACT" : "Evidence package NOT INTACT: "
                + r.problems().size() + " problem(s)");
        out.flush();
        return r.intact() ? 0 : 1;
    }
}
