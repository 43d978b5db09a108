-- The audit trail is appended in the transaction of the change it records. Its sequence comes from this one row,
-- locked by each append until its transaction ends, so appends of several processes chain in commit order.
CREATE TABLE audit_head (
    id    INTEGER     PRIMARY KEY,
    seq   BIGINT      NOT NULL,
    hash  VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, COALESCE((SELECT MAX(seq) FROM audit_entry), 0),
    COALESCE((SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000'));

-- Entries are never updated or deleted; the head only moves forward (org.alterna.audit.AppendOnlyTrigger).
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE, DELETE ON audit_entry FOR EACH ROW
    CALL 'org.alterna.audit.AppendOnlyTrigger';
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE, DELETE ON audit_head FOR EACH ROW
    CALL 'org.alterna.audit.AppendOnlyTrigger';
