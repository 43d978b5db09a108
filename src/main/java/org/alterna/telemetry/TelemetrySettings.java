package org.alterna.telemetry;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the record log and its consumers in the telemetry store ({@code alterna.telemetry.*}).
 *
 * @param latestFlush how often the latest state of each device ({@code device_state}) is written from the log: at
 *                    most one row update per device per interval, however often it reports (default 500 ms)
 * @param holdFile    test hook: while this file exists the writer takes no new batch (records wait, unacknowledged,
 *                    in its queue), so that a test can fill the queue; unset in production
 */
@ConfigurationProperties("alterna.telemetry")
public record TelemetrySettings(Duration latestFlush, Path holdFile) {
    public TelemetrySettings {
        latestFlush = latestFlush == null ? Duration.ofMillis(500) : latestFlush;
    }
}
