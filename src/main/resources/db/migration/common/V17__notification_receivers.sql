-- Notifications are delivered per receiver (a webhook's scheme://host:port, or the e-mail or SMS service), so that
-- one receiver that is down or slow holds back only its own rows. Rows written before this version are keyed by
-- channel and target.
ALTER TABLE notification_outbox ADD COLUMN receiver VARCHAR(1100);
UPDATE notification_outbox SET receiver = CASE WHEN channel = 'WEBHOOK' THEN 'WEBHOOK ' || target ELSE channel END;
ALTER TABLE notification_outbox ALTER COLUMN receiver SET NOT NULL;
CREATE INDEX notification_outbox_receiver ON notification_outbox (receiver, status, next_attempt_at);

-- A webhook's signing secret is read from its rule when it is sent: it is no longer copied into every row.
ALTER TABLE notification_outbox DROP COLUMN secret;
