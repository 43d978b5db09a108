package org.alterna.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the record log and its consumers in the telemetry store ({@code alterna.telemetry.*}).
 *
 * @param latestFlush how often the latest state of each device ({@code device_state}) is written from the log: at
 *                    most one row update per device per interval, however often it reports (default 500 ms)
 * @param holdFile    test hook: while this file exists the writer takes no new batch (records wait, unacknowledged,
 *                    in its queue), so that a test can fill the queue; unset in production
 * @param batch       the group commits of the writer
 */
@ConfigurationProperties("alterna.telemetry")
public record TelemetrySettings(Duration latestFlush, Path holdFile, Batch batch) {
    public TelemetrySettings {
        latestFlush = latestFlush == null ? Duration.ofMillis(500) : latestFlush;
        batch = batch == null ? new Batch(5000, 100_000, Duration.ZERO, 0) : batch;
    }

    /**
     * {@code alterna.telemetry.batch.*}.
     *
     * @param maxSize  records in one transaction at most
     * @param capacity records accepted and not yet stored at most; beyond half of it the gateway slows its readers
     * @param linger   how long a batch waits for more records before it is written (0: never waits)
     * @param writers  concurrent writers; 0 picks 2 on PostgreSQL (one commits while the next batch is built) and 1
     *                 on H2
     */
    public record Batch(@DefaultValue("5000") int maxSize, @DefaultValue("100000") int capacity,
            @DefaultValue("0ms") Duration linger, @DefaultValue("0") int writers) {
    }
}
