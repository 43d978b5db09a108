package org.alterna.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database refuses to change an entry; and someone who gets past that (disables the guard, as the database's
 * owner can) is caught: the hash chain names an entry altered, deleted or inserted directly in the database, and the
 * anchors signed outside it catch a chain rewritten with recomputed hashes and entries cut from its end. On both
 * databases.
 */
class AuditTrailTest {

    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        AuditTrail trail;
        @Autowired
        AuditVerifier verifier;
        @Autowired
        JdbcClient jdbc;

        @Autowired
        AuditAnchors anchors;

        final Actor supervisor = new Actor("supervisor", Role.SUPERVISOR, null, "Lima", null);

        abstract boolean postgres();

        /** What someone with the database's owner rights can do: switch the append-only guard off for a while. */
        void withoutGuard(Runnable tampering) {
            jdbc.sql(postgres() ? "alter table audit_entry disable trigger audit_entry_append_only"
                    : "drop trigger audit_entry_append_only").update();
            try {
                tampering.run();
            } finally {
                jdbc.sql(postgres() ? "alter table audit_entry enable trigger audit_entry_append_only"
                        : "create trigger audit_entry_append_only before update, delete on audit_entry for each row"
                        + " call 'org.alterna.audit.AppendOnlyTrigger'").update();
            }
        }

        @Test
        void theDatabaseRefusesToUpdateOrDeleteAnEntry() {
            long seq = append(1);
            assertThatThrownBy(() -> jdbc.sql("update audit_entry set detail = 'x' where seq = ?").param(seq).update())
                    .hasStackTraceContaining("append-only");
            assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where seq = ?").param(seq).update())
                    .hasStackTraceContaining("append-only");
            assertThatThrownBy(() -> jdbc.sql("update audit_head set seq = seq - 1").update())
                    .hasStackTraceContaining("forward");
            if (postgres()) {
                assertThatThrownBy(() -> jdbc.sql("truncate audit_entry").update()).hasStackTraceContaining("append-only");
            }
            assertThat(verifier.verify().intact()).isTrue();
        }

        @Test
        void aChainRewrittenWithRecomputedHashesIsCaughtByTheSignedAnchor() {
            long first = append(3) - 2;
            assertThat(anchors.anchor()).isNotNull();
            long anchoredAt = trail.head().seq();
            AuditVerifier.Result before = verifier.verify();
            assertThat(before.intact()).as(before.toString()).isTrue();
            assertThat(before.anchorsChecked()).isPositive();
            List<AuditTrail.Entry> saved = jdbc.sql("select * from audit_entry where seq >= ? order by seq").param(first)
                    .query(AuditTrail::map).list();
            withoutGuard(() -> rehash(saved, "nothing happened"));
            try {
                AuditVerifier.Result result = verifier.verify();
                assertThat(result.intact()).as("the chain alone verifies again, the anchor does not").isFalse();
                assertThat(result.problem()).contains("rewritten").contains("entry " + anchoredAt);
                assertThat(result.firstBadSeq()).isBetween(1L, first);
            } finally {
                withoutGuard(() -> rehash(saved, null));
            }
            assertThat(verifier.verify().intact()).isTrue();
        }

        @Test
        void entriesCutFromTheEndAreCaughtByTheSignedAnchor() {
            long last = append(2);
            anchors.anchor();
            AuditTrail.Entry e = jdbc.sql("select * from audit_entry where seq = ?").param(last)
                    .query(AuditTrail::map).single();
            assertThat(trail.head().seq()).isEqualTo(last);
            withoutGuard(() -> jdbc.sql("delete from audit_entry where seq = ?").param(last).update());
            try {
                AuditVerifier.Result result = verifier.verify();
                assertThat(result.intact()).isFalse();
                assertThat(result.firstBadSeq()).isEqualTo(last);
                assertThat(result.problem()).contains("deleted").contains("covers entry " + last);
            } finally {
                insert(e);
            }
            assertThat(verifier.verify().intact()).isTrue();
        }

        /** Rewrites the entries' detail (null: their own) and recomputes every hash from the first of them on. */
        private void rehash(List<AuditTrail.Entry> entries, String detail) {
            String prev = jdbc.sql("select hash from audit_entry where seq = ?").param(entries.get(0).seq() - 1)
                    .query(String.class).optional().orElse(AuditTrail.GENESIS);
            for (AuditTrail.Entry e : entries) {
                AuditTrail.Entry x = new AuditTrail.Entry(e.seq(), e.occurredAt(), e.username(), e.role(), e.action(),
                        e.recordType(), e.recordId(), detail == null ? e.detail() : detail, e.remoteAddr(), prev, null);
                String hash = x.computeHash();
                jdbc.sql("update audit_entry set detail = ?, prev_hash = ?, hash = ? where seq = ?")
                        .params(x.detail(), prev, hash, e.seq()).update();
                prev = hash;
            }
        }

        private void insert(AuditTrail.Entry e) {
            jdbc.sql("""
                    insert into audit_entry (seq, occurred_at, username, role, action, record_type, record_id,
                      detail, remote_addr, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?)""")
                    .params(e.seq(), java.sql.Timestamp.from(e.occurredAt()), e.username(), e.role(),
                            e.action(), e.recordType(), e.recordId(), e.detail(), e.remoteAddr(),
                            e.prevHash(), e.hash())
                    .update();
        }

        private long append(int n) {
            long last = 0;
            for (int i = 0; i < n; i++) {
                last = trail.record(supervisor, new Audited("order.transition", "JudicialOrder", "o-" + i,
                        "ORDERED -> ACTIVE"), "10.0.0." + i).seq();
            }
            return last;
        }

        @Test
        void anIntactChainVerifies() {
            long last = append(3);
            AuditVerifier.Result result = verifier.verify();
            assertThat(result.intact()).as(result.toString()).isTrue();
            assertThat(result.entries()).isGreaterThanOrEqualTo(last);
            Api.Response api = Api.as(port, "auditor").get("/api/v1/audit/verify");
            assertThat(api.status()).isEqualTo(200);
            assertThat(api.json().get("intact").asBoolean()).isTrue();
        }

        @Test
        void anAlteredEntryIsNamed() {
            long seq = append(3) - 1;
            String original = jdbc.sql("select detail from audit_entry where seq = ?").param(seq)
                    .query(String.class).single();
            withoutGuard(() -> jdbc.sql("update audit_entry set detail = 'nothing happened' where seq = ?").param(seq)
                    .update());
            try {
                AuditVerifier.Result result = verifier.verify();
                assertThat(result.intact()).isFalse();
                assertThat(result.firstBadSeq()).isEqualTo(seq);
                assertThat(result.problem()).contains("entry " + seq + " altered");
            } finally {
                withoutGuard(() -> jdbc.sql("update audit_entry set detail = ? where seq = ?").params(original, seq)
                        .update());
            }
            assertThat(verifier.verify().intact()).isTrue();
        }

        @Test
        void aDeletedEntryIsNamed() {
            long seq = append(3) - 1;
            AuditTrail.Entry e = jdbc.sql("select * from audit_entry where seq = ?").param(seq)
                    .query(AuditTrail::map).single();
            withoutGuard(() -> jdbc.sql("delete from audit_entry where seq = ?").param(seq).update());
            try {
                AuditVerifier.Result result = verifier.verify();
                assertThat(result.intact()).isFalse();
                assertThat(result.firstBadSeq()).isEqualTo(seq);
                assertThat(result.problem()).contains("entry " + seq + " deleted");
            } finally {
                insert(e);
            }
            assertThat(verifier.verify().intact()).isTrue();
        }

        @Test
        void anInsertedEntryIsNamed() {
            long last = append(2);
            // a forged entry appended with a self-consistent hash but a made-up previous hash
            AuditTrail.Entry forged = new AuditTrail.Entry(last + 1, java.time.Instant.parse("2026-01-01T00:00:00Z"),
                    "ghost", "ADMIN", "order.transition", "JudicialOrder", "x", "forged", null, "f".repeat(64), null);
            String hash = forged.computeHash();
            jdbc.sql("""
                    insert into audit_entry (seq, occurred_at, username, role, action, record_type, record_id,
                      detail, remote_addr, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?)""")
                    .params(forged.seq(), java.sql.Timestamp.from(forged.occurredAt()), "ghost", "ADMIN",
                            forged.action(), forged.recordType(), forged.recordId(), forged.detail(), null,
                            forged.prevHash(), hash)
                    .update();
            try {
                AuditVerifier.Result result = verifier.verify();
                assertThat(result.intact()).isFalse();
                assertThat(result.firstBadSeq()).isEqualTo(last + 1);
                assertThat(result.problem()).contains("inserted");
            } finally {
                withoutGuard(() -> jdbc.sql("delete from audit_entry where seq = ?").param(last + 1).update());
            }
        }

        @Test
        void changesMadeThroughTheApiAreAuditedWithWhoAndFromWhere() {
            Api.as(port, "admin").post("/api/v1/users", java.util.Map.of("username", "audited-" + port,
                    "password", "auditor-passphrase", "role", "AUDITOR"));
            var entries = trail.search("admin", "User", "audited-" + port, "user.create", null, null, 10);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).role()).isEqualTo("ADMIN");
            assertThat(entries.get(0).remoteAddr()).isEqualTo("127.0.0.1");
            assertThat(Api.as(port, "operator").get("/api/v1/audit").status()).isEqualTo(403);
            assertThat(Api.as(port, "auditor").get("/api/v1/audit?recordType=User").json().size()).isPositive();
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Contract {
        @Override
        boolean postgres() {
            return false;
        }
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Contract {
        @Override
        boolean postgres() {
            return true;
        }
    }
}
