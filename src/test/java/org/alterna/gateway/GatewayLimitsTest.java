package org.alterna.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.alterna.devices.DeviceRegistry;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Idle timeout and connection cap, with small limits. */
@H2Test
@TestPropertySource(properties = {"alterna.gateway.idle-timeout=1s", "alterna.gateway.max-connections=4"})
class GatewayLimitsTest {
    @Autowired
    GatewayPorts ports;
    @Autowired
    DeviceRegistry registry;

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
            c.setTimeout(5000);
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 4000L);
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnce() throws Exception {
        String imei = "357000000000001";
        registry.register(imei, "teltonika-default", "teltonika");
        List<TeltonikaClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                TeltonikaClient c = TeltonikaClient.connect(ports.port(i % 2 == 0 ? "teltonika" : "gt06"));
                open.add(c);
            }
            assertThat(open.get(0).login(imei)).isEqualTo(1);
            try (TeltonikaClient over = TeltonikaClient.connect(ports.port("teltonika"))) {
                over.setTimeout(2000);
                assertThat(over.closedByServer()).as("fifth connection closed").isTrue();
            }
            open.remove(3).close();
            // the server frees the slot when it sees the close
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                try (TeltonikaClient again = TeltonikaClient.connect(ports.port("teltonika"))) {
                    again.setTimeout(2000);
                    assertThat(again.login(imei)).as("a slot is free again").isEqualTo(1);
                }
            });
        } finally {
            for (TeltonikaClient c : open) {
                c.close();
            }
        }
    }
}
