-- The record log: every stored fix gets a sequence number (seq) in the order the store took it; consumers such as
-- supervision follow the log by it. On H2 seq becomes the primary key, so rows are kept in log order at no extra
-- index; the deduplication key (a resent record is stored once) becomes a unique constraint. Rows stored before the
-- log existed, and rows written by anything but the store (an import, a tool), get negative numbers: they are not in
-- the log (the first were evaluated when they arrived).
CREATE SEQUENCE fixes_unlogged START WITH -1 INCREMENT BY -1;
CREATE TABLE fixes_log (
    seq              BIGINT           DEFAULT NEXT VALUE FOR fixes_unlogged PRIMARY KEY,
    device_id        VARCHAR(40)      NOT NULL,
    device_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    server_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    latitude         DOUBLE PRECISION NOT NULL,
    longitude        DOUBLE PRECISION NOT NULL,
    altitude         DOUBLE PRECISION,
    speed_kmh        DOUBLE PRECISION,
    course           DOUBLE PRECISION,
    satellites       INTEGER,
    hdop             DOUBLE PRECISION,
    accuracy_m       DOUBLE PRECISION,
    valid            BOOLEAN          NOT NULL,
    source           VARCHAR(8),
    battery_percent  INTEGER,
    external_power   BOOLEAN,
    charging         BOOLEAN,
    strap            VARCHAR(8),
    alarms           VARCHAR(100),
    io               VARCHAR(100000)
);
INSERT INTO fixes_log SELECT -4611686018427387904 - ROW_NUMBER() OVER (ORDER BY server_time, device_id, device_time), device_id,
    device_time, server_time, latitude, longitude, altitude, speed_kmh, course, satellites, hdop, accuracy_m, valid,
    source, battery_percent, external_power, charging, strap, alarms, io FROM fixes;
DROP TABLE fixes;
ALTER TABLE fixes_log RENAME TO fixes;
ALTER TABLE fixes ADD CONSTRAINT fixes_key UNIQUE (device_id, device_time, latitude, longitude);
CREATE INDEX fixes_device_time ON fixes (device_time);
