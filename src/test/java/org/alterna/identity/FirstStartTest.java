package org.alterna.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alterna.AlternaApplication;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.RawHttp;
import org.alterna.testsupport.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The first start of a real installation (no demo, empty database): the administrator's password is printed once
 * and must be changed at first login; a configured initial password must satisfy the password policy.
 */
class FirstStartTest {

    static List<String> installation(String... extra) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:mem:first-" + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--alterna.demo.enabled=false", "--alterna.gateway.enabled=false", "--alterna.jobs.enabled=false",
                "--alterna.identity.bcrypt-cost=4", "--alterna.signing.key-dir=target/test-keys/" + UUID.randomUUID(),
                "--logging.level.root=WARN"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void thePrintedPasswordOpensOnlyThePasswordChange() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, printed), true, StandardCharsets.UTF_8));
        ConfigurableApplicationContext app;
        try {
            app = new SpringApplicationBuilder(AlternaApplication.class)
                    .run(installation("--server.port=0").toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        try {
            Matcher m = Pattern.compile("password: (\\S{20})").matcher(printed.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as("the first start prints the administrator's password").isTrue();
            String password = m.group(1);
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));

            Api.Response refused = Api.as(port, "admin", password).get("/api/v1/orders");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:alterna:problem:password-change-required");

            WebSession console = WebSession.login(port, "admin", password);
            assertThat(console.loggedIn()).isTrue();
            RawHttp.Response home = console.get("/console/map");
            assertThat(home.status()).isEqualTo(302);
            assertThat(home.header("Location")).endsWith("/console/password");
            RawHttp.Response changed = console.json("POST", "/api/v1/me/password", "{\"currentPassword\":\""
                    + password + "\",\"newPassword\":\"our own long passphrase\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
            assertThat(console.get("/console/map").status()).isEqualTo(200);
            assertThat(Api.as(port, "admin", "our own long passphrase").get("/api/v1/orders").status()).isEqualTo(200);
            assertThat(Api.as(port, "admin", password).get("/api/v1/me").status()).isEqualTo(401);
            // no demo account, no 'demo' password in a real installation
            for (String demo : List.of("admin", "judge", "operator", "supervisor")) {
                assertThat(Api.as(port, demo, "demo").get("/api/v1/me").status()).as(demo).isEqualTo(401);
            }
        } finally {
            app.close();
        }
    }

    @Test
    void aConfiguredInitialPasswordMustSatisfyThePolicy() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(AlternaApplication.class).web(WebApplicationType.NONE)
                .run(installation("--alterna.identity.initial-admin-password=admin2026").toArray(String[]::new))
                .close())
                .hasMessageContaining("alterna.identity.initial-admin-password")
                .hasMessageContaining("at least 12 characters");
    }

    /** Writes to two streams: the console and the test's buffer. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
