package org.alterna.reports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of court reports ({@code alterna.reports.*}).
 *
 * @param publicUrl                 the address courts reach the console at, printed in reports and periodic e-mails
 *                                  (empty: the address of the request, or http://localhost:8080 for scheduled reports)
 * @param maxPeriod                 the longest period one report or evidence package may cover
 * @param communicationGapMinutes   silence counted as a communication gap when the conditions set no limit
 * @param noFixGapMinutes           time without a valid GPS position counted as a gap when the conditions set none
 * @param lowBatteryPercent         battery level counted as low when the conditions set none
 * @param periodicEnabled           whether periodic reports to courts are made (with {@code alterna.jobs.enabled})
 * @param periodicCron              when the periodic job looks for finished periods (local time)
 * @param defaultFrequency          the frequency of a court without a schedule: MONTHLY (DGRSP-style courts get
 *                                  them quarterly: set per court), WEEKLY, QUARTERLY or NONE
 */
@ConfigurationProperties(prefix = "alterna.reports")
record ReportSettings(String publicUrl, Duration maxPeriod, Integer communicationGapMinutes, Integer noFixGapMinutes,
        Integer lowBatteryPercent, Boolean periodicEnabled, String periodicCron, String defaultFrequency) {

    ReportSettings {
        publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
        maxPeriod = maxPeriod == null ? Duration.ofDays(400) : maxPeriod;
        communicationGapMinutes = communicationGapMinutes == null ? 30 : communicationGapMinutes;
        noFixGapMinutes = noFixGapMinutes == null ? 60 : noFixGapMinutes;
        lowBatteryPercent = lowBatteryPercent == null ? 15 : lowBatteryPercent;
        periodicEnabled = periodicEnabled == null || periodicEnabled;
        periodicCron = periodicCron == null ? "0 30 2 * * *" : periodicCron;
        defaultFrequency = defaultFrequency == null ? "MONTHLY" : defaultFrequency;
    }
}
