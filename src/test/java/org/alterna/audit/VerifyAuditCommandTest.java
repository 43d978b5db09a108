package org.alterna.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.alterna.Alterna;
import org.alterna.AlternaApplication;
import org.alterna.identity.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code alterna verify-audit} on a file database: exit 0 when intact, 1 naming the entry edited in the database. */
class VerifyAuditCommandTest {

    @Test
    void namesTheEntryEditedDirectlyInTheDatabase(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("alterna") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        String keys = "--alterna.signing.key-dir=" + dir.resolve("keys");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AlternaApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.datasource.url=" + url, "--alterna.gateway.enabled=false", keys,
                        "--alterna.jobs.enabled=false", "--alterna.identity.initial-admin-password=x-secret-for-tests")) {
            AuditTrail trail = context.getBean(AuditTrail.class);
            for (int i = 0; i < 3; i++) {
                trail.record(Actor.SYSTEM, new Audited("order.transition", "JudicialOrder", "o" + i, "step " + i),
                        null);
            }
            context.getBean(AuditAnchors.class).anchor();
        }
        Result intact = run("verify-audit", "--spring.datasource.url=" + url, keys);
        assertThat(intact.status()).as(intact.output()).isZero();
        assertThat(intact.output()).contains("Audit trail intact").doesNotContain(" 0 entries")
                .contains("1 signed anchors match");

        long victim;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            var rs = c.createStatement().executeQuery(
                    "select max(seq) from audit_entry where action = 'order.transition'");
            rs.next();
            victim = rs.getLong(1) - 1;
            // the database refuses; its owner first drops the guard
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "update audit_entry set record_id = 'o-forged' where seq = " + victim))
                    .hasMessageContaining("append-only");
            c.createStatement().execute("drop trigger audit_entry_append_only");
            c.createStatement().executeUpdate("update audit_entry set record_id = 'o-forged' where seq = " + victim);
        }
        Result broken = run("verify-audit", "--spring.datasource.url=" + url, keys);
        assertThat(broken.status()).as(broken.output()).isEqualTo(1);
        assertThat(broken.output()).contains("BROKEN").contains("entry " + victim + " altered");
    }

    record Result(int status, String output) {
    }

    private static Result run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = Alterna.run(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
