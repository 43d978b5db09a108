package org.alterna.devices;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the device registry ({@code alterna.devices.*}).
 *
 * @param assignmentBackdateTolerance how far before now an assignment may start: enough to record an installation
 *                                    just done, never enough to claim past positions for another case (default
 *                                    15 minutes)
 */
@ConfigurationProperties("alterna.devices")
public record DeviceSettings(@DefaultValue("PT15M") Duration assignmentBackdateTolerance) {
}
