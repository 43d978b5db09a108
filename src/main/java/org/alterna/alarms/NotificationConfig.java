package org.alterna.alarms;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code alterna.notifications.*} and {@code alterna.alarms.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotificationSettings.class, AlarmSettings.class})
class NotificationConfig {
}
