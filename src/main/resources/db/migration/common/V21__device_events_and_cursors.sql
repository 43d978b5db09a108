-- Numbers of the record log are reserved in blocks of 2^20, one block per process start and per million records.
CREATE SEQUENCE record_seq_block START WITH 1;

-- What devices report without a position (heartbeats, status and alarm messages with battery, charger, strap or
-- alarm flags): stored before they are acknowledged, in the record log beside the fixes, supervised like fixes.
-- device_time is the device's own time, or the receive time when the message carries none; a resent event with a
-- time of its own is stored once.
CREATE TABLE device_event (
    seq              BIGINT        PRIMARY KEY,
    device_id        VARCHAR(40)   NOT NULL,
    device_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    server_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    kind             VARCHAR(20),
    battery_percent  INTEGER,
    external_power   BOOLEAN,
    charging         BOOLEAN,
    strap            VARCHAR(8),
    alarms           VARCHAR(100),
    io               VARCHAR(100000)
);
CREATE UNIQUE INDEX device_event_key ON device_event (device_id, device_time);
CREATE INDEX device_event_time ON device_event (device_time);

-- How far each consumer of a log got, saved in the same transaction as what it made of the entries.
CREATE TABLE log_cursor (
    name        VARCHAR(40) PRIMARY KEY,
    position    BIGINT      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
