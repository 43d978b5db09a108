-- Court reports and evidence packages exactly as they were handed out: a report's verification block names the
-- evidence package made with it, and both can be downloaded again byte for byte. order_id refers to
-- judicial_order(id) by value: the orders capability owns that table.
CREATE TABLE case_document (
    id               UUID         PRIMARY KEY,
    order_id         UUID         NOT NULL,
    kind             VARCHAR(20)  NOT NULL,
    period_from      TIMESTAMP WITH TIME ZONE NOT NULL,
    period_to        TIMESTAMP WITH TIME ZONE NOT NULL,
    language         VARCHAR(8),
    evidence_id      UUID,
    periodic         BOOLEAN      NOT NULL DEFAULT FALSE,
    file_name        VARCHAR(200) NOT NULL,
    media_type       VARCHAR(80)  NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    sha256           VARCHAR(64)  NOT NULL,
    manifest_sha256  VARCHAR(64),
    signature        VARCHAR(200),
    key_id           VARCHAR(32),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       VARCHAR(64)  NOT NULL,
    content          BYTEA        NOT NULL
);
CREATE INDEX case_document_order ON case_document (order_id, created_at);

-- How often a court receives periodic compliance reports, in which language and at which extra addresses. A court
-- without a row gets them monthly, in Spanish, at the e-mail addresses of its judges' accounts. court_code refers
-- to court(code) by value, so that deleting a court is not blocked by its schedule.
CREATE TABLE court_report_schedule (
    court_code   VARCHAR(40)   PRIMARY KEY,
    frequency    VARCHAR(12)   NOT NULL,
    language     VARCHAR(8)    NOT NULL,
    addresses    VARCHAR(2000),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by   VARCHAR(64)   NOT NULL
);

-- One periodic report per order and period: a restart or a second instance never makes or sends it twice.
CREATE TABLE periodic_report (
    order_id     UUID         NOT NULL,
    period_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    period_to    TIMESTAMP WITH TIME ZONE NOT NULL,
    court_code   VARCHAR(40)  NOT NULL,
    document_id  UUID         NOT NULL REFERENCES case_document(id),
    recipients   INT          NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (order_id, period_from, period_to)
);
