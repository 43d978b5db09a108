package org.alterna.orders;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the scope policy ({@code alterna.access.*}).
 *
 * @param policeAuthorisationMaxPeriod the longest period a judge may authorise the police to follow a person's live
 *                                     position outside an open alarm (default 30 days: an authorisation is for an
 *                                     operation, not for the whole measure; the judge renews it if needed)
 */
@ConfigurationProperties("alterna.access")
public record AccessSettings(@DefaultValue("P30D") Duration policeAuthorisationMaxPeriod) {
}
