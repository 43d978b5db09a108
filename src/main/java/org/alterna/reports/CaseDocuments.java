package org.alterna.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reports and evidence packages as handed out ({@code case_document}): metadata and the exact bytes. */
@Repository
class CaseDocuments {
    static final String COMPLIANCE = "COMPLIANCE_REPORT";
    static final String EVIDENCE = "EVIDENCE_PACKAGE";

    private final JdbcClient jdbc;

    CaseDocuments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored document without its bytes. */
    record Document(UUID id, UUID orderId, String kind, Instant periodFrom, Instant periodTo, String language,
            UUID evidenceId, boolean periodic, String fileName, String mediaType, long sizeBytes, String sha256,
            String manifestSha256, String signature, String keyId, Instant createdAt, String createdBy) {
    }

    void insert(Document d, byte[] content) {
        jdbc.sql("""
                INSERT INTO case_document (id, order_id, kind, period_from, period_to, language, evidence_id, periodic,
                    file_name, media_type, size_bytes, sha256, manifest_sha256, signature, key_id, created_at,
                    created_by, content) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(d.id(), d.orderId(), d.kind(), CaseRecords.ts(d.periodFrom()), CaseRecords.ts(d.periodTo()),
                        d.language(), d.evidenceId(), d.periodic(), d.fileName(), d.mediaType(), d.sizeBytes(),
                        d.sha256(), d.manifestSha256(), d.signature(), d.keyId(), CaseRecords.ts(d.createdAt()),
                        d.createdBy(), content)
                .update();
    }

    List<Document> list(UUID orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM case_document WHERE order_id = ? ORDER BY created_at DESC, kind")
                .param(orderId).query(CaseDocuments::map).list();
    }

    List<UUID> ids(UUID orderId) {
        return jdbc.sql("SELECT id FROM case_document WHERE order_id = ?").param(orderId)
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
    }

    Optional<Document> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM case_document WHERE id = ?").param(id)
                .query(CaseDocuments::map).optional();
    }

    byte[] content(UUID id) {
        return jdbc.sql("SELECT content FROM case_document WHERE id = ?").param(id)
                .query((rs, n) -> rs.getBytes(1)).single();
    }

    private static final String COLUMNS = "id, order_id, kind, period_from, period_to, language, evidence_id, periodic, "
            + "file_name, media_type, size_bytes, sha256, manifest_sha256, signature, key_id, created_at, created_by";

    private static Document map(ResultSet rs, int n) throws SQLException {
        return new Document(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class), rs.getString("kind"),
                CaseRecords.instant(rs, "period_from"), CaseRecords.instant(rs, "period_to"), rs.getString("language"),
                rs.getObject("evidence_id", UUID.class), rs.getBoolean("periodic"), rs.getString("file_name"),
                rs.getString("media_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("manifest_sha256"), rs.getString("signature"), rs.getString("key_id"),
                CaseRecords.instant(rs, "created_at"), rs.getString("created_by"));
    }
}
