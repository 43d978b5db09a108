package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

/** A device that falls silent raises NO_COMMUNICATION from the engine's clock, without any fix arriving. */
@H2Test
@Import(SilenceDetectionTest.Config.class)
class SilenceDetectionTest {
    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts ports;
    @Autowired
    LiveSupervision live;
    @Autowired
    MutableClock clock;
    @Autowired
    Config config;

    @TestConfiguration
    static class Config {
        final List<SupervisedAlarm> alarms = new CopyOnWriteArrayList<>();
        final List<SupervisedPosition> positions = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SupervisedPosition p) {
            positions.add(p);
        }

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }

        @EventListener
        void on(SupervisedAlarm a) {
            alarms.add(a);
        }
    }

    @Test
    void silenceBeyondTheLimitIsAlarmedByTheClock() throws Exception {
        String order = ActiveOrders.create(port, "SEMI_LIBERTAD", """
                {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
                  "radiusMeters":100,"schedule":[{"days":["MON","TUE","WED","THU","FRI","SAT","SUN"],
                  "from":"22:00","to":"06:00"}]}],"noCommunicationMinutes":30}""");
        String imei = ActiveOrders.device(port, order, "PERSON_UNIT");
        try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            device.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(
                    Instant.now().toEpochMilli(), -12.12, -77.03))));
            assertThat(device.readAck()).isEqualTo(1);
        }
        // stored fixes reach the engine on its own thread: the silence is counted from the fix once it has it
        await().atMost(Duration.ofSeconds(10)).until(() -> config.positions.stream()
                .anyMatch(p -> p.orderId().toString().equals(order)));
        clock.advance(Duration.ofMinutes(20));
        live.tick();
        assertThat(config.alarms).noneMatch(a -> a.orderId().toString().equals(order));

        clock.advance(Duration.ofMinutes(15));
        live.tick();
        assertThat(config.alarms).filteredOn(a -> a.orderId().toString().equals(order))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.event().type()).isEqualTo(AlarmType.NO_COMMUNICATION);
                    assertThat(a.event().kind()).isEqualTo(AlarmEvent.Kind.RAISED);
                });
        live.tick();
        assertThat(config.alarms).filteredOn(a -> a.orderId().toString().equals(order)).hasSize(1);
    }
}
