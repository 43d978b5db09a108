package org.alterna.commands;

import java.time.Clock;
import org.alterna.devices.DeviceRegistry;
import org.alterna.gateway.DeviceLink;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the command queue; it sends through the gateway's {@link DeviceLink} when the gateway runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSettings.class)
class CommandsConfig {

    @Bean(destroyMethod = "shutdown")
    CommandQueue commandQueue(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, CommandSettings settings,
            ObjectProvider<DeviceLink> link, DeviceRegistry registry, TransactionTemplate tx) {
        return new CommandQueue(jdbc, events, clock, settings, link, registry, tx);
    }
}
