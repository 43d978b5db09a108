package org.alterna.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alterna.AlternaApplication;
import org.alterna.devices.DeviceRegistry;
import org.alterna.gateway.GatewayPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command queue survives a restart: a command queued for an offline device, the application stopped and started
 * again on the same database, the device connects and gets it; unanswered, it is sent again, then FAILED once its
 * attempts are spent; the next one is sent and CONFIRMED.
 */
class CommandQueueRestartTest {
    @TempDir
    Path dir;

    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("alterna")
                        + ";WRITE_DELAY=0;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--server.port=0", "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false",
                "--alterna.jobs.enabled=false", "--alterna.identity.bcrypt-cost=4",
                "--alterna.identity.initial-admin-password=restart-test-secret",
                "--alterna.signing.key-dir=" + dir.resolve("keys"), "--logging.level.root=WARN",
                "--alterna.gateway.gt06.port=0", "--alterna.gateway.teltonika.port=-1", "--alterna.gateway.h02.port=-1",
                "--alterna.gateway.osmand.port=-1", "--alterna.commands.answer-timeout=1s",
                "--alterna.commands.max-attempts=2", "--alterna.commands.sweep=200ms"));
        return new SpringApplicationBuilder(AlternaApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aQueuedCommandIsSentAfterARestartRetriedThenFailed() throws Exception {
        String imei = "35" + String.format("%013d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L));
        long queued;
        try (ConfigurableApplicationContext first = start()) {
            first.getBean(DeviceRegistry.class).register(imei, "gt06-default", "gt06");
            DeviceCommand c = first.getBean(CommandQueue.class).enqueue(imei, CommandKind.LOCATE_NOW, null, "OPERATOR",
                    null, null);
            assertThat(c.status()).isEqualTo(CommandStatus.QUEUED);
            queued = c.id();
        }
        try (ConfigurableApplicationContext second = start()) {
            CommandQueue queue = second.getBean(CommandQueue.class);
            assertThat(queue.find(queued).orElseThrow().status()).as("still queued after the restart")
                    .isEqualTo(CommandStatus.QUEUED);
            try (ScriptedGt06 device = new ScriptedGt06(second.getBean(GatewayPorts.class).port("gt06"))) {
                assertThat(device.login(imei)).isTrue();
                ScriptedGt06.Received first = device.readCommand();
                assertThat(first.text()).isEqualTo("WHERE#");
                assertThat(first.serverFlag()).isEqualTo(queued);
                ScriptedGt06.Received again = device.readCommand(); // unanswered for 1 s: sent again
                assertThat(again.serverFlag()).isEqualTo(queued);
                await().atMost(Duration.ofSeconds(20)).until(() -> queue.find(queued).orElseThrow().status()
                        == CommandStatus.FAILED);
                DeviceCommand failed = queue.find(queued).orElseThrow();
                assertThat(failed.attempts()).isEqualTo(2);
                assertThat(failed.response()).contains("no answer after 2");
                DeviceCommand next = queue.enqueue(imei, CommandKind.PURSUIT_ON, null, "PURSUIT", null, null);
                ScriptedGt06.Received r = device.readCommand();
                assertThat(r.text()).isEqualTo("TIMER,15,15#");
                device.answer21(r.serverFlag(), "TIMER OK");
                await().atMost(Duration.ofSeconds(20)).until(() -> queue.find(next.id()).orElseThrow().status()
                        == CommandStatus.CONFIRMED);
            }
        }
    }
}
