-- Notification rules (which alarm events go to whom over which channel) and the persisted outbox through which
-- every message is sent: enqueued in the transaction of the alarm change, delivered and retried by a dispatcher.
CREATE TABLE notification_rule (
    id               UUID          PRIMARY KEY,
    name             VARCHAR(100)  NOT NULL,
    events           VARCHAR(200)  NOT NULL,
    alarm_types      VARCHAR(1000),
    severities       VARCHAR(60),
    channel          VARCHAR(10)   NOT NULL,
    recipient_roles  VARCHAR(200),
    addresses        VARCHAR(4000),
    secret           VARCHAR(200),
    enabled          BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       VARCHAR(64)
);

CREATE TABLE notification_outbox (
    id               UUID          PRIMARY KEY,
    rule_id          UUID,
    alarm_id         UUID,
    report_id        UUID,
    event            VARCHAR(20)   NOT NULL,
    channel          VARCHAR(10)   NOT NULL,
    target           VARCHAR(1000) NOT NULL,
    subject          VARCHAR(300),
    body             VARCHAR       NOT NULL,
    secret           VARCHAR(200),
    status           VARCHAR(10)   NOT NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error       VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
