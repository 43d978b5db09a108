-- An account's access version changes whenever it is disabled, re-scoped or given a new password: a session opened
-- under an older version no longer authenticates. The first administrator's printed password must be changed at
-- first login.
ALTER TABLE app_user ADD COLUMN access_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN password_change_required BOOLEAN NOT NULL DEFAULT FALSE;

-- API tokens expire: tokens created before expiry was required get 90 days from their creation.
UPDATE api_token SET expires_at = created_at + INTERVAL '90' DAY WHERE expires_at IS NULL;
CREATE INDEX api_token_username ON api_token (username);
