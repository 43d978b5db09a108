package org.alterna.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session without a browser: logs in through the console's form (CSRF token and all) and then sends
 * the session cookie with every request, from a chosen local address ({@link RawHttp}). Redirects are not followed:
 * a test sees where the server sends the browser.
 */
public final class WebSession {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final int port;
    private final String from;
    private final Map<String, String> headers;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private RawHttp.Response loginResponse;

    private WebSession(int port, String from, Map<String, String> headers) {
        this.port = port;
        this.from = from;
        this.headers = headers;
    }

    /** Logs in from 127.0.0.1; the session is in {@link #loginResponse()} whether or not the login succeeded. */
    public static WebSession login(int port, String username, String password) {
        return login(port, RawHttp.CLIENT, Map.of(), username, password);
    }

    /** Logs in from {@code from}, sending {@code headers} (e.g. X-Forwarded-*) with every request. */
    public static WebSession login(int port, String from, Map<String, String> headers, String username,
            String password) {
        WebSession s = new WebSession(port, from, headers);
        RawHttp.Response page = s.get("/login");
        Matcher csrf = CSRF_FIELD.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF field on the login page: " + page);
        }
        s.loginResponse = s.send("POST", "/login", "username=" + enc(username) + "&password=" + enc(password)
                + "&_csrf=" + enc(csrf.group(1)), "application/x-www-form-urlencoded", Map.of());
        return s;
    }

    /** Whether the form login succeeded (a redirect that is not back to the login page with an error). */
    public boolean loggedIn() {
        String location = loginResponse.header("Location");
        return loginResponse.status() == 302 && location != null && !location.contains("/login");
    }

    public RawHttp.Response loginResponse() {
        return loginResponse;
    }

    public boolean hasCookie(String name) {
        return cookies.containsKey(name);
    }

    public RawHttp.Response get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    /** A JSON request of the console's scripts: with the CSRF header the page would send. */
    public RawHttp.Response json(String method, String path, String body) {
        String token = cookies.get("XSRF-TOKEN");
        return send(method, path, body, "application/json", token == null ? Map.of() : Map.of("X-XSRF-TOKEN", token));
    }

    private RawHttp.Response send(String method, String path, String body, String contentType,
            Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(extra);
        h.put("Accept", "application/json, text/html");
        if (contentType != null) {
            h.put("Content-Type", contentType);
        }
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            h.put("Cookie", c.toString());
        }
        RawHttp.Response r = RawHttp.send(from, port, method, path, h, body);
        for (String set : r.all("set-cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    /** The Set-Cookie header that set {@code name}, among the given responses' headers. */
    public static String setCookie(RawHttp.Response r, String name) {
        List<String> all = r.all("set-cookie");
        return all.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
