-- The audit trail is appended in the transaction of the change it records. Its sequence comes from this one row,
-- locked by each append until its transaction ends, so appends of several processes chain in commit order.
CREATE TABLE audit_head (
    id    INTEGER     PRIMARY KEY,
    seq   BIGINT      NOT NULL,
    hash  VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, COALESCE((SELECT MAX(seq) FROM audit_entry), 0),
    COALESCE((SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1), repeat('0', 64)));

-- Entries are never updated, deleted or truncated, whoever asks (the owner included); the head only moves forward.
-- The application's role needs no more than SELECT, INSERT on audit_entry and SELECT, UPDATE on audit_head
-- (docs/audit.md); a superuser can still disable triggers, which the signed anchors outside the database catch.
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on audit_entry refused', TG_OP USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();

CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'the audit trail''s head only moves forward: % refused', TG_OP USING ERRCODE = '42501';
    END IF;
    IF NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'the audit trail''s head only moves forward' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only();
