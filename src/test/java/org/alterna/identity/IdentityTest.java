package org.alterna.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Accounts, authentication (Basic, API tokens, throttling) and deny-by-default, on both databases. */
class IdentityTest {

    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        UserAccounts accounts;
        @Autowired
        JdbcClient jdbc;

        @Test
        void passwordsAreStoredAsAdaptiveHashesNeverInClear() {
            String hash = jdbc.sql("select password_hash from app_user where username = 'judge'")
                    .query(String.class).single();
            assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("demo");
        }

        @Test
        void everyRoleHasADemoAccountWithItsScope() {
            assertThat(accounts.find("judge").orElseThrow().courtCode()).isEqualTo(InitialAccounts.DEMO_COURT_A);
            assertThat(accounts.find("judge2").orElseThrow().courtCode()).isEqualTo(InitialAccounts.DEMO_COURT_B);
            assertThat(accounts.find("supervisor").orElseThrow().region()).isEqualTo(InitialAccounts.DEMO_REGION);
            assertThat(accounts.find("operator").orElseThrow().monitoringCentre())
                    .isEqualTo(InitialAccounts.DEMO_CENTRE);
            Api.Response me = Api.as(port, "judge").get("/api/v1/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("role").asString()).isEqualTo("JUDGE");
            assertThat(me.json().get("scope").get("court").asString()).isEqualTo("JIP-LIMA-01");
        }

        @Test
        void wrongPasswordAndNoCredentialsAreUnauthorised() {
            assertThat(Api.as(port, "police", "nope").get("/api/v1/me").status()).isEqualTo(401);
            assertThat(Api.anonymous(port).get("/api/v1/me").status()).isEqualTo(401);
        }

        @Test
        void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
            Api.Response created = Api.as(port, "admin").post("/api/v1/users", Map.of("username", "victor",
                    "password", "right-password", "role", "POLICE", "region", "Lima"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            for (int i = 0; i < 5; i++) {
                assertThat(Api.as(port, "victor", "wrong" + i).get("/api/v1/me").status()).isEqualTo(401);
            }
            assertThat(Api.as(port, "victor", "right-password").get("/api/v1/me").status()).isEqualTo(401);
        }

        @Test
        void apiTokensAuthenticateUntilRevoked() {
            Api operator = Api.as(port, "operator");
            Api.Response created = operator.post("/api/v1/tokens", Map.of("name", "integración SMS"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String token = created.json().get("token").asString();
            long id = created.json().get("id").asLong();
            Api.Response me = Api.withToken(port, token).get("/api/v1/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("username").asString()).isEqualTo("operator");
            assertThat(jdbc.sql("select count(*) from api_token where token_hash = ?").param(token)
                    .query(Long.class).single()).as("token kept in clear").isZero();
            assertThat(operator.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
            assertThat(Api.withToken(port, token).get("/api/v1/me").status()).isEqualTo(401);
        }

        @Test
        void onlyAdministratorsManageAccounts() {
            assertThat(Api.as(port, "supervisor").get("/api/v1/users").status()).isEqualTo(403);
            assertThat(Api.as(port, "auditor").post("/api/v1/users", Map.of("username", "x", "password",
                    "xxxxx", "role", "ADMIN")).status()).isEqualTo(403);
            Api.Response bad = Api.as(port, "admin").post("/api/v1/users", Map.of("username", "jj",
                    "password", "a long enough passphrase", "role", "JUDGE"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asString()).isEqualTo("courtCode");
            assertThat(accounts.find("jj")).isEmpty();
        }

        @Test
        void browserSessionsNeedACsrfTokenForChanges() throws Exception {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .cookieHandler(new java.net.CookieManager()).build();
            String base = "http://127.0.0.1:" + port;
            var login = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                    .matcher(login.body());
            assertThat(csrf.find()).as("login form carries a CSRF token").isTrue();
            var loggedIn = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "username=operator&password=demo&_csrf=" + csrf.group(1)))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(loggedIn.statusCode()).isEqualTo(302);
            assertThat(loggedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
            var me = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/me"))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            var withoutToken = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/api/v1/tokens")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(withoutToken.statusCode()).isEqualTo(403);
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Contract {
    }
}
