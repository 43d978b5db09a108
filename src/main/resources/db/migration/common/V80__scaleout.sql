-- Scale-out on Kafka: how far an application node has kept a topic's partition, saved in the same transaction as
-- what it kept (exactly once into the database, whatever node owned the partition before).
CREATE TABLE scaleout_offset (
    consumer     VARCHAR(64)  NOT NULL,
    topic        VARCHAR(200) NOT NULL,
    partition_no INT          NOT NULL,
    next_offset  BIGINT       NOT NULL,
    PRIMARY KEY (consumer, topic, partition_no)
);

-- One row per stream whose writers on several nodes must commit one at a time (the engine's alarm changes: their ids
-- must increase in commit order for the alarm desk's cursor).
CREATE TABLE scaleout_lock (
    name VARCHAR(64) PRIMARY KEY,
    n    BIGINT      NOT NULL
);
INSERT INTO scaleout_lock (name, n) VALUES ('engine-alarms', 0);
