package org.alterna.telemetry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the telemetry store's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TelemetrySettings.class)
class TelemetryConfig {
}
