package org.alterna.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.alterna.reports.evidence.EvidenceTamperingTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alterna verify FILE [--key PEM]}: exit 0 and INTACT, or exit 1 naming what is wrong; 2 on bad usage. */
class VerifyEvidenceCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new VerifyEvidenceCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void intactTamperedAndWrongKey() throws Exception {
        KeyPair installation = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] zip = EvidenceTamperingTest.build(installation, 120);
        Path file = dir.resolve("evidencias.zip");
        Files.write(file, zip);
        Path key = dir.resolve("key.pem");
        Files.writeString(key, EvidenceTamperingTest.signer(installation).publicKeyPem());

        Run ok = run(file.toString(), "--key", key.toString());
        assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("signature: VALID", "INTACT     fixes.csv (120 rows)", "Evidence package INTACT");

        Run self = run(file.toString());
        assertThat(self.status()).isZero();
        assertThat(self.out()).contains("the key inside the package");

        Path tampered = dir.resolve("alterado.zip");
        Files.write(tampered, EvidenceTamperingTest.rewrite(zip, "fixes.csv", csv -> {
            List<String> l = EvidenceTamperingTest.lines(csv);
            l.set(77, l.get(77).replace("\"GPS\"", "\"RF\""));
            return EvidenceTamperingTest.join(l);
        }));
        Run bad = run(tampered.toString(), "--key", key.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).contains("ALTERED    fixes.csv", "PROBLEM ROW_ALTERED: fixes.csv: row 77 was altered",
                "Evidence package NOT INTACT: 1 problem(s)");

        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path otherKey = dir.resolve("other.pem");
        Files.writeString(otherKey, EvidenceTamperingTest.signer(other).publicKeyPem());
        Run wrongKey = run(file.toString(), "--key", otherKey.toString());
        assertThat(wrongKey.status()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("signature: INVALID", "PROBLEM SIGNATURE", "PROBLEM KEY_REPLACED");

        assertThat(run(dir.resolve("missing.zip").toString()).status()).isEqualTo(2);
        Files.writeString(dir.resolve("junk.pem"), "not a key");
        assertThat(run(file.toString(), "--key", dir.resolve("junk.pem").toString()).status()).isEqualTo(2);
    }
}
