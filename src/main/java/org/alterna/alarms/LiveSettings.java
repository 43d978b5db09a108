package org.alterna.alarms;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live feed ({@code alterna.live.*}).
 *
 * @param heartbeat   how often an idle stream gets a comment, so proxies keep it open
 * @param timeout     how long a stream lives; the browser reconnects (and is authenticated again) after it
 * @param queueSize   events waiting for one subscriber; a subscriber that falls this far behind is dropped
 * @param verifyEvery how often every subscriber's account is re-read (enabled, same role and scope); at most 5 s
 * @param factsTtl    how long the scope facts of an order (its scope columns, open alarms, police authorisations)
 *                    are reused between events; alarm and authorisation changes of the order refresh them at once
 * @param inboxSize   events accepted from publishers and not yet dispatched; beyond it events are dropped (counted)
 *                    rather than the publisher waiting
 */
@ConfigurationProperties("alterna.live")
public record LiveSettings(@DefaultValue("PT15S") Duration heartbeat, @DefaultValue("PT30M") Duration timeout,
        @DefaultValue("256") int queueSize, @DefaultValue("PT5S") Duration verifyEvery,
        @DefaultValue("PT2S") Duration factsTtl, @DefaultValue("10000") int inboxSize) {

    /** The account check runs at least every 5 s whatever is configured. */
    Duration verifyPeriod() {
        Duration max = Duration.ofSeconds(5);
        return verifyEvery == null || verifyEvery.compareTo(max) > 0 || verifyEvery.isNegative() || verifyEvery.isZero()
                ? max : verifyEvery;
    }
}
