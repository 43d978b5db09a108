package org.alterna.supervision;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of live supervision ({@code alterna.supervision.*}; the clock tick is {@code alterna.supervision.tick}).
 *
 * @param checkpointInterval how often the engine saves what it remembers of every order that changed since (default
 *                           1 min): a restart replays the records stored after the last checkpoint
 * @param commitInterval     how often the engine saves how far it got when it raised nothing (default 1 s; alarm
 *                           changes are saved, with the position, as soon as they happen)
 * @param buffered           records kept in memory for the engine when it falls behind the store (default 200,000;
 *                           beyond, it reads them back from the database)
 * @param orderChangeWait    how long a change of an order waits, after its commit, for the engine to apply it before
 *                           the request returns (default 5 s)
 * @param holdFile           test hook: while this file exists the engine evaluates nothing (stored records wait
 *                           between their commit and their evaluation); unset in production
 */
@ConfigurationProperties("alterna.supervision")
public record SupervisionSettings(Duration checkpointInterval, Duration commitInterval, Integer buffered,
        Duration orderChangeWait, Path holdFile) {
    public SupervisionSettings {
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(1) : checkpointInterval;
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        buffered = buffered == null ? 200_000 : buffered;
        orderChangeWait = orderChangeWait == null ? Duration.ofSeconds(5) : orderChangeWait;
    }
}
