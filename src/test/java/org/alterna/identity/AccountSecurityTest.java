package org.alterna.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.audit.AuditTrail;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.alterna.testsupport.RawHttp;
import org.alterna.testsupport.WebSession;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * Accounts as an attacker would try them, over real HTTP with real session cookies and real API tokens, on both
 * databases: password rules, the first administrator's forced change, sessions and tokens that end within seconds
 * when an account is disabled or re-scoped, token expiry, login throttling per address (the test is a client at
 * 127.0.0.1 and a reverse proxy at 127.0.0.2) and logins in the audit trail.
 */
class AccountSecurityTest {
    static final String PASSWORD = "correct horse battery";

    @RecordApplicationEvents
    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        UserAccounts accounts;
        @Autowired
        JdbcClient jdbc;
        @Autowired
        AuditTrail trail;
        @Autowired
        ApplicationEvents events;

        /** A new account with the given role and scope, created by the administrator through the API. */
        String newUser(String prefix, String role, Map<String, String> scope) {
            String username = prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
            Map<String, Object> body = new HashMap<>(scope);
            body.putAll(Map.of("username", username, "password", PASSWORD, "role", role));
            Api.Response created = Api.as(port, "admin").post("/api/v1/users", body);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return username;
        }

        String tokenOf(String username) {
            Api.Response t = Api.as(port, username, PASSWORD).post("/api/v1/tokens", Map.of("name", "script"));
            assertThat(t.status()).as(t.toString()).isEqualTo(201);
            return t.json().get("token").asString();
        }

        static void assertLive(WebSession session, String token, int port) {
            assertThat(session.get("/api/v1/me").status()).isEqualTo(200);
            assertThat(session.get("/console/orders").status()).isEqualTo(200);
            assertThat(Api.withToken(port, token).get("/api/v1/me").status()).isEqualTo(200);
        }

        /** The session cookie and the token no longer authenticate; the console goes back to the login page. */
        void assertEndedWithinSeconds(WebSession session, String token) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                RawHttp.Response api = session.get("/api/v1/me");
                assertThat(api.status()).as(api.toString()).isEqualTo(401);
                assertThat(Api.withToken(port, token).get("/api/v1/me").status()).isEqualTo(401);
            });
            RawHttp.Response page = session.get("/console/orders");
            assertThat(page.status()).isEqualTo(302);
            assertThat(page.header("Location")).endsWith("/login");
        }

        // ---------------------------------------------------------------- passwords

        @Test
        void passwordsHaveTwelveCharactersAtLeastAndDoNotContainTheUserName() {
            Api admin = Api.as(port, "admin");
            Api.Response shortOne = admin.post("/api/v1/users", Map.of("username", "short-pw", "password",
                    "eleven-char", "role", "AUDITOR"));
            assertThat(shortOne.status()).isEqualTo(400);
            assertThat(shortOne.json().get("field").asString()).isEqualTo("password");
            assertThat(shortOne.json().get("detail").asString()).contains("at least 12 characters");
            Api.Response withName = admin.post("/api/v1/users", Map.of("username", "mariela", "password",
                    "Mariela-2026-segura", "role", "AUDITOR"));
            assertThat(withName.status()).isEqualTo(400);
            assertThat(withName.json().get("detail").asString()).contains("user name");
            assertThat(accounts.find("short-pw")).isEmpty();
            assertThat(accounts.find("mariela")).isEmpty();

            String user = newUser("pw", "AUDITOR", Map.of());
            Api.Response resetShort = admin.put("/api/v1/users/" + user, Map.of("password", "tooshort"));
            assertThat(resetShort.status()).isEqualTo(400);
            assertThat(Api.as(port, user, PASSWORD).get("/api/v1/me").status()).as("nothing changed").isEqualTo(200);

            Api self = Api.as(port, user, PASSWORD);
            Api.Response wrongCurrent = self.post("/api/v1/me/password", Map.of("currentPassword", "not it at all",
                    "newPassword", "a brand new passphrase"));
            assertThat(wrongCurrent.json().get("field").asString()).isEqualTo("currentPassword");
            Api.Response same = self.post("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
                    "newPassword", PASSWORD));
            assertThat(same.status()).isEqualTo(400);
            assertThat(same.json().get("field").asString()).isEqualTo("newPassword");
            Api.Response tooShort = self.post("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
                    "newPassword", "short"));
            assertThat(tooShort.json().get("field").asString()).isEqualTo("newPassword");
        }

        @Test
        void aNewPasswordKeepsTheSessionThatSetItAndEndsTheOthers() {
            String user = newUser("pw-own", "OPERATOR", Map.of("monitoringCentre", "CM-LIMA"));
            WebSession here = WebSession.login(port, user, PASSWORD);
            WebSession elsewhere = WebSession.login(port, user, PASSWORD);
            assertThat(here.loggedIn()).isTrue();
            assertThat(elsewhere.loggedIn()).isTrue();
            RawHttp.Response changed = here.json("POST", "/api/v1/me/password",
                    "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"a brand new passphrase\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
            assertThat(here.get("/api/v1/me").status()).as("the session that changed it").isEqualTo(200);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(elsewhere.get("/api/v1/me").status()).isEqualTo(401));
            assertThat(Api.as(port, user, PASSWORD).get("/api/v1/me").status()).isEqualTo(401);
            assertThat(Api.as(port, user, "a brand new passphrase").get("/api/v1/me").status()).isEqualTo(200);
        }

        @Test
        void theFirstAdministratorMustChangeThePrintedPasswordBeforeAnythingElse() {
            String username = "first-admin-" + port;
            String printed = InitialAccounts.randomPassword();
            accounts.createInitialAdmin(new UserAccounts.AccountRequest(username, printed, Role.ADMIN, null, null,
                    null, null, null, null, true), true);

            // the API: a clear refusal for everything but "who am I" and the password change
            Api basic = Api.as(port, username, printed);
            Api.Response refused = basic.get("/api/v1/orders");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:alterna:problem:password-change-required");
            assertThat(refused.json().get("detail").asString()).contains("/api/v1/me/password");
            assertThat(basic.post("/api/v1/tokens", Map.of("name", "before changing")).status()).isEqualTo(403);
            Api.Response me = basic.get("/api/v1/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("passwordChangeRequired").asBoolean()).isTrue();

            // the console: every page leads to the password page
            WebSession console = WebSession.login(port, username, printed);
            assertThat(console.loggedIn()).isTrue();
            for (String page : List.of("/console/map", "/console/orders", "/console/audit", "/")) {
                RawHttp.Response r = console.get(page);
                assertThat(r.status()).as(page).isEqualTo(302);
                assertThat(r.header("Location")).as(page).endsWith("/console/password");
            }
            RawHttp.Response passwordPage = console.get("/console/password");
            assertThat(passwordPage.status()).isEqualTo(200);
            assertThat(passwordPage.body()).contains("id=\"password-required\"").doesNotContain("id=\"nav-map\"");

            RawHttp.Response changed = console.json("POST", "/api/v1/me/password",
                    "{\"currentPassword\":\"" + printed + "\",\"newPassword\":\"the administrator's own phrase\"}");
            assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
            assertThat(console.get("/console/map").status()).isEqualTo(200);
            assertThat(Api.as(port, username, "the administrator's own phrase").get("/api/v1/orders").status())
                    .isEqualTo(200);
            assertThat(accounts.passwordChangeRequired(username)).isFalse();
        }

        // ---------------------------------------------------------------- sessions and tokens end

        @Test
        void disablingAUserEndsTheirSessionAndTheirTokensWithinSeconds() {
            String judge = newUser("judge-off", "JUDGE", Map.of("courtCode", "JIP-LIMA-01"));
            WebSession session = WebSession.login(port, judge, PASSWORD);
            String token = tokenOf(judge);
            assertLive(session, token, port);

            assertThat(Api.as(port, "admin").put("/api/v1/users/" + judge, Map.of("enabled", false)).status())
                    .isEqualTo(200);
            assertEndedWithinSeconds(session, token);
            assertThat(WebSession.login(port, judge, PASSWORD).loggedIn()).as("a new login").isFalse();

            // enabled again: the old session and token stay dead, a new login works
            assertThat(Api.as(port, "admin").put("/api/v1/users/" + judge, Map.of("enabled", true)).status())
                    .isEqualTo(200);
            assertThat(session.get("/api/v1/me").status()).isEqualTo(401);
            assertThat(Api.withToken(port, token).get("/api/v1/me").status()).isEqualTo(401);
            assertThat(WebSession.login(port, judge, PASSWORD).loggedIn()).isTrue();
            assertThat(trail.search(null, "User", judge, "user.access-ended", null, null, 10)).isNotEmpty();
        }

        @Test
        void changingTheRoleEndsSessionsAndTokens() {
            String user = newUser("role-change", "SUPERVISOR", Map.of("region", "Lima"));
            WebSession session = WebSession.login(port, user, PASSWORD);
            String token = tokenOf(user);
            assertLive(session, token, port);
            assertThat(Api.as(port, "admin").put("/api/v1/users/" + user, Map.of("role", "AUDITOR")).status())
                    .isEqualTo(200);
            assertEndedWithinSeconds(session, token);
        }

        @Test
        void changingTheScopeEndsSessionsAndTokens() {
            for (Map.Entry<String, Map<String, String>> c : Map.of(
                    "JUDGE", Map.of("courtCode", "JIP-LIMA-01", "to", "JIP-LIMA-02"),
                    "SUPERVISOR", Map.of("region", "Lima", "to", "Arequipa"),
                    "OPERATOR", Map.of("monitoringCentre", "CM-LIMA", "to", "CM-SUR")).entrySet()) {
                String field = c.getValue().keySet().stream().filter(k -> !k.equals("to")).findFirst().orElseThrow();
                String user = newUser("rescoped", c.getKey(), Map.of(field, c.getValue().get(field)));
                WebSession session = WebSession.login(port, user, PASSWORD);
                String token = tokenOf(user);
                assertLive(session, token, port);
                Api.Response moved = Api.as(port, "admin").put("/api/v1/users/" + user,
                        Map.of(field, c.getValue().get("to")));
                assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
                assertEndedWithinSeconds(session, token);
                // a contact change is no change of access: a new session survives it
                WebSession fresh = WebSession.login(port, user, PASSWORD);
                assertThat(Api.as(port, "admin").put("/api/v1/users/" + user, Map.of("phone", "999 111 222"))
                        .status()).isEqualTo(200);
                assertThat(fresh.get("/api/v1/me").status()).isEqualTo(200);
            }
        }

        @Test
        void aDisabledOrReScopedAccountIsAnnouncedToOtherModules() {
            String user = newUser("announced", "OPERATOR", Map.of("monitoringCentre", "CM-LIMA"));
            events.clear();
            accounts.update(user, new UserAccounts.AccountRequest(null, null, null, null, null, null, null, null,
                    "CM-NORTE", null));
            accounts.update(user, new UserAccounts.AccountRequest(null, null, null, "Nuevo nombre", null, null,
                    null, null, null, null));
            accounts.update(user, new UserAccounts.AccountRequest(null, null, null, null, null, null, null, null,
                    null, false));
            List<AccountAccessChanged> published = events.stream(AccountAccessChanged.class).toList();
            assertThat(published).hasSize(2);
            assertThat(published.get(0).changes()).containsExactly(AccountAccessChanged.Change.SCOPE_CHANGED);
            assertThat(published.get(0).before().monitoringCentre()).isEqualTo("CM-LIMA");
            assertThat(published.get(0).after().monitoringCentre()).isEqualTo("CM-NORTE");
            assertThat(published.get(1).changes()).containsExactly(AccountAccessChanged.Change.DISABLED);
            assertThat(published).allMatch(e -> e.username().equals(user));
        }

        // ---------------------------------------------------------------- tokens expire

        @Test
        void apiTokensExpireByDefault() {
            String user = newUser("tokens", "AUDITOR", Map.of());
            Api api = Api.as(port, user, PASSWORD);
            Api.Response created = api.post("/api/v1/tokens", Map.of("name", "nightly export"));
            Instant expires = Instant.parse(created.json().get("expiresAt").asString());
            assertThat(expires).isBetween(Instant.now().plus(89, ChronoUnit.DAYS), Instant.now().plus(91, ChronoUnit.DAYS));
            Api.Response tooLong = api.post("/api/v1/tokens", Map.of("name", "forever", "validDays", 4000));
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().get("field").asString()).isEqualTo("validDays");

            String token = created.json().get("token").asString();
            assertThat(Api.withToken(port, token).get("/api/v1/me").status()).isEqualTo(200);
            jdbc.sql("update api_token set expires_at = ? where id = ?")
                    .params(java.sql.Timestamp.from(Instant.now().minusSeconds(1)), created.json().get("id").asLong())
                    .update();
            Api.Response expired = Api.withToken(port, token).get("/api/v1/me");
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.body()).contains("expired");
            assertThat(jdbc.sql("select count(*) from api_token where expires_at is null").query(Long.class).single())
                    .as("no token lives forever").isZero();
        }

        // ---------------------------------------------------------------- throttling and the audit trail

        @Test
        void failuresFromOneAddressDoNotLockTheUserOutElsewhere() {
            String judge = newUser("judge-guessed", "JUDGE", Map.of("courtCode", "JIP-LIMA-01"));
            // a stranger at 127.0.0.2 guesses five times
            for (int i = 0; i < 5; i++) {
                assertThat(basic(RawHttp.PROXY, Map.of(), judge, "guess-" + i).status()).isEqualTo(401);
            }
            assertThat(basic(RawHttp.PROXY, Map.of(), judge, PASSWORD).status())
                    .as("the stranger's address waits, even with the right password").isEqualTo(401);
            assertThat(basic(RawHttp.CLIENT, Map.of(), judge, PASSWORD).status())
                    .as("the judge at their own address").isEqualTo(200);
            assertThat(WebSession.login(port, judge, PASSWORD).loggedIn()).isTrue();
            WebSession throttled = WebSession.login(port, RawHttp.PROXY, Map.of(), judge, PASSWORD);
            assertThat(throttled.loggedIn()).isFalse();
            assertThat(throttled.get("/login?error").body()).contains("Demasiados intentos fallidos");
        }

        @Test
        void aClientCannotChooseTheAddressTheThrottleSeesOnlyTheProxyCan() {
            String user = newUser("spoofer", "AUDITOR", Map.of());
            // a client that is not the proxy sends a different X-Forwarded-For each time: all count against it
            for (int i = 0; i < 5; i++) {
                assertThat(basic(RawHttp.CLIENT, Map.of("X-Forwarded-For", "198.51.100." + i), user, "guess" + i)
                        .status()).isEqualTo(401);
            }
            assertThat(basic(RawHttp.CLIENT, Map.of(), user, PASSWORD).status()).isEqualTo(401);

            // the proxy's X-Forwarded-For is the client's address: throttled per client behind the proxy
            String other = newUser("behind-proxy", "AUDITOR", Map.of());
            for (int i = 0; i < 5; i++) {
                basic(RawHttp.PROXY, Map.of("X-Forwarded-For", "198.51.100.7"), other, "guess" + i);
            }
            assertThat(basic(RawHttp.PROXY, Map.of("X-Forwarded-For", "198.51.100.7"), other, PASSWORD).status())
                    .isEqualTo(401);
            assertThat(basic(RawHttp.PROXY, Map.of("X-Forwarded-For", "198.51.100.8"), other, PASSWORD).status())
                    .isEqualTo(200);
            List<AuditTrail.Entry> failed = trail.search(null, "User", other, "login.failed", null, null, 10);
            assertThat(failed).isNotEmpty().allMatch(e -> "198.51.100.7".equals(e.remoteAddr()));
        }

        @Test
        void successfulAndFailedLoginsAreInTheAuditTrail() {
            String user = newUser("audited-login", "PROSECUTOR", Map.of());
            assertThat(WebSession.login(port, user, "not the password").loggedIn()).isFalse();
            assertThat(WebSession.login(port, user, PASSWORD).loggedIn()).isTrue();
            assertThat(Api.as(port, user, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
            assertThat(Api.as(port, user, PASSWORD).get("/api/v1/me").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                List<AuditTrail.Entry> failed = trail.search(null, "User", user, "login.failed", null, null, 10);
                assertThat(failed).hasSize(1);
                assertThat(failed.get(0).detail()).contains("console").doesNotContain("not the password");
                List<AuditTrail.Entry> ok = trail.search(null, "User", user, "login.succeeded", null, null, 10);
                assertThat(ok).extracting(AuditTrail.Entry::detail)
                        .as("every console login; HTTP Basic once an hour per address")
                        .containsExactly("HTTP Basic", "console");
                assertThat(ok).allMatch(e -> "127.0.0.1".equals(e.remoteAddr()));
            });
        }

        RawHttp.Response basic(String from, Map<String, String> headers, String user, String password) {
            Map<String, String> h = new HashMap<>(headers);
            h.put("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            h.put("Accept", "application/json");
            return RawHttp.send(from, port, "GET", "/api/v1/me", h, null);
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
