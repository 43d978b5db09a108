package org.alterna.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.RawHttp;
import org.alterna.testsupport.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every response tells the browser: a Content-Security-Policy without inline script, eval or inline style
 * that forbids framing, nosniff, a referrer policy; and the cookies: the session cookie HttpOnly and SameSite, Secure
 * when the request came over TLS through the trusted reverse proxy (never because a client says so).
 */
@H2Test
class BrowserSecurityHeadersTest {
    static final Map<String, String> HTTPS_VIA_PROXY = Map.of("X-Forwarded-Proto", "https",
            "X-Forwarded-For", "198.51.100.20");

    @LocalServerPort
    int port;

    void assertBrowserHeaders(RawHttp.Response r, String what) {
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).as(what + ": Content-Security-Policy").isNotNull();
        assertThat(directive(csp, "script-src")).as(what).isEqualTo("'self'");
        assertThat(directive(csp, "style-src")).as(what).isEqualTo("'self'");
        assertThat(directive(csp, "default-src")).as(what).isEqualTo("'self'");
        assertThat(directive(csp, "frame-ancestors")).as(what).isEqualTo("'none'");
        assertThat(directive(csp, "object-src")).as(what).isEqualTo("'none'");
        assertThat(directive(csp, "base-uri")).as(what).isEqualTo("'none'");
        assertThat(csp).as(what).doesNotContain("unsafe-inline", "unsafe-eval", "*;", " * ");
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).as(what).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("strict-origin-when-cross-origin");
    }

    static String directive(String csp, String name) {
        for (String d : csp.split(";")) {
            String t = d.trim();
            if (t.startsWith(name + " ")) {
                return t.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @Test
    void everyKindOfResponseCarriesTheBrowserSecurityHeaders() {
        WebSession admin = WebSession.login(port, "admin", "demo");
        assertThat(admin.loggedIn()).isTrue();
        Map<String, RawHttp.Response> responses = Map.of(
                "login page", RawHttp.send(RawHttp.CLIENT, port, "GET", "/login", Map.of(), null),
                "console page", admin.get("/console/map"),
                "forbidden page", WebSession.login(port, "police", "demo").get("/console/map"),
                "API JSON", admin.get("/api/v1/me"),
                "API error", admin.get("/api/v1/orders/not-a-uuid"),
                "script", admin.get("/js/common.js"),
                "unauthenticated API", RawHttp.send(RawHttp.CLIENT, port, "GET", "/api/v1/me",
                        Map.of("Accept", "application/json"), null),
                "error page", admin.get("/console/no-such-page"));
        responses.forEach((what, r) -> assertBrowserHeaders(r, what));
        assertThat(responses.get("console page").status()).isEqualTo(200);
        assertThat(responses.get("forbidden page").status()).isEqualTo(403);
    }

    @Test
    void consolePagesHaveNoInlineScriptNoHandlerAttributesAndNoInlineStyle() {
        WebSession admin = WebSession.login(port, "admin", "demo");
        for (String page : List.of("/console/map", "/console/alarms", "/console/orders", "/console/devices",
                "/console/dashboard", "/console/audit", "/console/password",
                "/console/orders/00000000-0000-0000-0000-000000000000")) {
            String html = admin.get(page).body();
            assertThat(html).as(page).contains("<script type=\"module\"");
            // every script element has a src, except the JSON data block the page's module reads
            java.util.regex.Matcher scripts = java.util.regex.Pattern.compile("<script([^>]*)>").matcher(html);
            while (scripts.find()) {
                assertThat(scripts.group(1)).as(page + ": " + scripts.group())
                        .matches(".*\\bsrc=\"[^\"]+\".*|.*type=\"application/json\".*");
            }
            assertThat(html).as(page).doesNotContainPattern("(?i)\\son[a-z]+\\s*=").doesNotContain("style=\"")
                    .doesNotContain("javascript:");
        }
        String login = RawHttp.send(RawHttp.CLIENT, port, "GET", "/login", Map.of(), null).body();
        assertThat(login).doesNotContain("<script").doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndSecureOnlyBehindTheTlsProxy() {
        WebSession plain = WebSession.login(port, "operator", "demo");
        String cookie = WebSession.setCookie(plain.loginResponse(), "JSESSIONID");
        assertThat(cookie).as("a new session id at login").isNotNull().containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure");

        WebSession viaTls = WebSession.login(port, RawHttp.PROXY, HTTPS_VIA_PROXY, "operator", "demo");
        assertThat(viaTls.loggedIn()).isTrue();
        String secure = WebSession.setCookie(viaTls.loginResponse(), "JSESSIONID");
        assertThat(secure).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("Secure");
        assertThat(viaTls.loginResponse().header("Strict-Transport-Security")).isNotNull();
        assertThat(viaTls.loginResponse().header("Location")).startsWith("https://");

        // a client (not the proxy) claiming TLS gets no Secure cookie and no HSTS: it is not believed
        WebSession spoofed = WebSession.login(port, RawHttp.CLIENT, HTTPS_VIA_PROXY, "operator", "demo");
        assertThat(WebSession.setCookie(spoofed.loginResponse(), "JSESSIONID")).doesNotContainIgnoringCase("Secure");
        assertThat(spoofed.loginResponse().header("Strict-Transport-Security")).isNull();
    }

    @Test
    void theCsrfCookieIsReadableByTheConsoleButStrictlySameSite() {
        RawHttp.Response login = RawHttp.send(RawHttp.CLIENT, port, "GET", "/login", Map.of(), null);
        String xsrf = WebSession.setCookie(login, "XSRF-TOKEN");
        assertThat(xsrf).isNotNull().containsIgnoringCase("SameSite=Strict").doesNotContainIgnoringCase("HttpOnly");
        RawHttp.Response lang = RawHttp.send(RawHttp.CLIENT, port, "GET", "/login?lang=en", Map.of(), null);
        assertThat(WebSession.setCookie(lang, "alterna-lang")).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void onlyTheApiDocumentationPageMaySetInlineStylesAndItsScriptsAreStillAlternasOwn() {
        WebSession admin = WebSession.login(port, "admin", "demo");
        String csp = admin.get("/api/v1/swagger-ui/index.html").header("Content-Security-Policy");
        assertThat(directive(csp, "style-src")).isEqualTo("'self' 'unsafe-inline'");
        assertThat(directive(csp, "script-src")).isEqualTo("'self'");
        assertThat(directive(csp, "frame-ancestors")).isEqualTo("'none'");
        assertThat(directive(admin.get("/api/v1/openapi").header("Content-Security-Policy"), "style-src"))
                .isEqualTo("'self'");
    }

    @Test
    void theMapTileServerIsTheOnlyOutsideImageSource() {
        assertThat(SecurityConfig.contentSecurityPolicy(List.of(() -> List.of("https://*.tile.example.org",
                "https://tiles.example.org:8443", "javascript:alert(1)", "https://evil.example.org; script-src *"))))
                .contains("img-src 'self' data: https://*.tile.example.org https://tiles.example.org:8443;")
                .doesNotContain("javascript", "evil");
    }
}
