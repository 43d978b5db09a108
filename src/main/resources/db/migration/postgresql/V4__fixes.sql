-- Every stored position, partitioned by month of device time (partitions are created ahead by the
-- application at startup and daily; old ones are dropped whole by the retention job). The primary key is
-- also the deduplication key (it includes the partition key): a resent record is stored once.
CREATE TABLE fixes (
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
    io               TEXT,
    PRIMARY KEY (device_id, device_time, latitude, longitude)
) PARTITION BY RANGE (device_time);

-- Rows outside every monthly partition (clock errors, very old buffers) land here.
CREATE TABLE fixes_default PARTITION OF fixes DEFAULT;

-- Latest known state of each device, for the live view.
CREATE TABLE device_state (
    device_id        VARCHAR(40) PRIMARY KEY,
    last_contact     TIMESTAMP WITH TIME ZONE NOT NULL,
    fix_device_time  TIMESTAMP WITH TIME ZONE,
    fix_server_time  TIMESTAMP WITH TIME ZONE,
    latitude         DOUBLE PRECISION,
    longitude        DOUBLE PRECISION,
    altitude         DOUBLE PRECISION,
    speed_kmh        DOUBLE PRECISION,
    course           DOUBLE PRECISION,
    satellites       INTEGER,
    hdop             DOUBLE PRECISION,
    accuracy_m       DOUBLE PRECISION,
    valid            BOOLEAN,
    source           VARCHAR(8),
    alarms           VARCHAR(100),
    battery_percent  INTEGER,
    external_power   BOOLEAN,
    charging         BOOLEAN,
    strap            VARCHAR(8)
);
