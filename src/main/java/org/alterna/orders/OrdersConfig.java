package org.alterna.orders;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Settings of the orders capability. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConditionsLimits.class)
class OrdersConfig {
}
