package org.alterna.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the tracker gateway ({@code alterna.gateway.*}; the ports are {@code alterna.gateway.<protocol>.port},
 * read by the servers as they bind).
 *
 * @param maxConnections connections accepted at once over all protocols; more are refused
 * @param idleTimeout    a connection that sends nothing for this long is closed (the device reconnects)
 */
@ConfigurationProperties("alterna.gateway")
record GatewaySettings(@DefaultValue("20000") int maxConnections, @DefaultValue("10m") Duration idleTimeout) {
}
