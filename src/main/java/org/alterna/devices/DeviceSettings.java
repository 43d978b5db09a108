package org.alterna.devices;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the device inventory and installations ({@code alterna.devices.*}).
 *
 * @param assignmentBackdateTolerance how far before now an assignment (or an installation) may start: enough to
 *                                    record an installation just done, never enough to claim past positions for
 *                                    another case (default 15 minutes)
 * @param installationDeadline        how long after the measure is ordered monitoring must have started; past it,
 *                                    an INSTALLATION_OVERDUE alarm (default 24 hours: "from court order to active
 *                                    monitoring in a day")
 * @param returnWithin                how long a removed device may take to come back before it is flagged as not
 *                                    returned (default 7 days)
 * @param idleAfter                   a device in stock longer than this counts as idle in the figures (default 30
 *                                    days; the funnel's {@code idleDays} overrides it per request)
 * @param stockReportGrace            a device that reports this long after it went into stock (or repair, or was
 *                                    declared damaged or lost) raises an inventory alarm; sooner, it is still being
 *                                    provisioned or switched off (default 30 minutes)
 * @param forecastWindow              the past period whose installations and returns give the rate of the stock
 *                                    forecast (default 30 days)
 * @param importMaxLines              the most devices one CSV import may hold (default 100,000)
 */
@ConfigurationProperties("alterna.devices")
public record DeviceSettings(@DefaultValue("PT15M") Duration assignmentBackdateTolerance,
        @DefaultValue("PT24H") Duration installationDeadline,
        @DefaultValue("P7D") Duration returnWithin,
        @DefaultValue("P30D") Duration idleAfter,
        @DefaultValue("PT30M") Duration stockReportGrace,
        @DefaultValue("P30D") Duration forecastWindow,
        @DefaultValue("100000") int importMaxLines) {
}
