package org.alterna.eligibility;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the triage and of the overcrowding and cost projection ({@code alterna.eligibility.*}). Every default
 * cites its source; where no public figure exists the default is marked as an assumption, to be replaced by the
 * contract's figures.
 *
 * @param prisonCostPerDay          soles per person and day in prison. Default S/ 30: INPE, 2025 (reported cost of a
 *                                  person held in an establishment).
 * @param monitoringCostPerDay      soles per person and day of electronic monitoring (device, communications,
 *                                  monitoring centre). Default S/ 25: the daily tariff the monitored person paid
 *                                  under DL 1322 until DS 012-2020-JUS made INPE pay (about S/ 750–800 a month).
 *                                  Replace with the contract's figure.
 * @param devicesPerPerson          devices to buy per person monitored (spares, charging, repairs). Default 1.19:
 *                                  INPE, October 2025, 80 devices for 67 in use.
 * @param peoplePerMonitoringStaff  people monitored per member of the monitoring-centre staff (24/7 headcount).
 *                                  Default 27: Spain's COMETA centre, 2025, about 4,500 active pairs handled by 165
 *                                  technicians.
 * @param installationsPerInstallerPerDay installations one field installer completes in a day. Default 4: an
 *                                  assumption (no public figure), with travel within a city.
 * @param rolloutDays               working days to fit everyone moved. Default 90: an assumption (a quarter).
 * @param maxImportSize             largest register file accepted (a 100,000-line register is about 13 MB).
 * @param pdfMaxRows                rows of a candidate list exported as PDF (the CSV export has no limit).
 * @param loadBundledRuleSets       store the rule sets shipped with Alterna on start. Off in the offline commands:
 *                                  an installation about to receive an import must stay empty.
 */
@ConfigurationProperties("alterna.eligibility")
record EligibilitySettings(
        @DefaultValue("30.00") BigDecimal prisonCostPerDay,
        @DefaultValue("25.00") BigDecimal monitoringCostPerDay,
        @DefaultValue("1.19") double devicesPerPerson,
        @DefaultValue("27") int peoplePerMonitoringStaff,
        @DefaultValue("4") int installationsPerInstallerPerDay,
        @DefaultValue("90") int rolloutDays,
        @DefaultValue("64MB") DataSize maxImportSize,
        @DefaultValue("2000") int pdfMaxRows,
        @DefaultValue("true") boolean loadBundledRuleSets) {

    EligibilitySettings(BigDecimal prisonCostPerDay, BigDecimal monitoringCostPerDay, double devicesPerPerson,
            int peoplePerMonitoringStaff, int installationsPerInstallerPerDay, int rolloutDays, DataSize maxImportSize,
            int pdfMaxRows) {
        this(prisonCostPerDay, monitoringCostPerDay, devicesPerPerson, peoplePerMonitoringStaff,
                installationsPerInstallerPerDay, rolloutDays, maxImportSize, pdfMaxRows, true);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    EligibilitySettings {
        if (prisonCostPerDay.signum() < 0 || monitoringCostPerDay.signum() < 0) {
            throw new IllegalArgumentException("alterna.eligibility: costs per day must not be negative");
        }
        if (devicesPerPerson < 1 || peoplePerMonitoringStaff < 1 || installationsPerInstallerPerDay < 1
                || rolloutDays < 1 || pdfMaxRows < 1) {
            throw new IllegalArgumentException("alterna.eligibility: ratios must be at least 1");
        }
    }
}
