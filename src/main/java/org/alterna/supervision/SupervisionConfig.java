package org.alterna.supervision;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the settings of live supervision. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SupervisionSettings.class)
class SupervisionConfig {
}
