package org.alterna.identity;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.alterna.testsupport.ScopeFixture;
import org.alterna.testsupport.ScopeFixture.Side;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The access table in {@code rbac-matrix.csv} (its header comment describes the format) is the statement of who may
 * call what on which objects. This test checks that it lists every API endpoint the application serves (and nothing
 * else), then, against the two-sided {@link ScopeFixture}, calls every row as the side-A user of every role with an
 * object in scope, one out of scope and a missing one, over real HTTP: the role rule (403), the expected status in
 * scope, 404 out of scope exactly as for a missing object, and that no answer, stream or download holds anything of
 * the other side or of a data class the role never sees. On H2 and on PostgreSQL, one shared context each.
 */
class AccessMatrixTest {
    static final List<Role> ROLES = List.of(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.JUDGE, Role.PROSECUTOR,
            Role.POLICE, Role.AUDITOR);
    /** Data classes a role never receives, whatever the row (see the header of rbac-matrix.csv). */
    static final Map<Role, List<String>> NEVER = Map.of(
            Role.JUDGE, List.of("positions", "victim-positions"),
            Role.PROSECUTOR, List.of("positions", "victim-positions", "victim"),
            Role.POLICE, List.of("home", "breach-evidence", "victim"),
            Role.AUDITOR, List.of("identity", "home", "victim", "positions", "victim-positions", "breach-evidence"));
    static final String MISSING_UUID = UUID.randomUUID().toString();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final java.util.concurrent.ExecutorService CALLS = java.util.concurrent.Executors
            .newFixedThreadPool(3, r -> {
                Thread t = new Thread(r, "matrix-call");
                t.setDaemon(true);
                return t;
            });
    private static final Pattern TOKEN = Pattern.compile("\\{([a-z][a-z.-]*)}");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");

    enum Case { IN, OUT, MISSING }

    /** Expected statuses: a default and per-role overrides ({@code 200|409 OPERATOR=404}). */
    record Statuses(String spec, Map<Role, String> byRole) {
        static Statuses parse(String text, String fallback) {
            String spec = fallback;
            Map<Role, String> byRole = new LinkedHashMap<>();
            for (String t : text == null ? new String[0] : text.trim().split("\\s+")) {
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq > 0) {
                    byRole.put(Role.valueOf(t.substring(0, eq)), t.substring(eq + 1));
                } else {
                    spec = t;
                }
            }
            return new Statuses(spec, byRole);
        }

        boolean matches(Role role, int status) {
            for (String s : byRole.getOrDefault(role, spec).split("\\|")) {
                if (s.endsWith("xx") ? status / 100 == s.charAt(0) - '0' : Integer.parseInt(s) == status) {
                    return true;
                }
            }
            return false;
        }

        String expected(Role role) {
            return byRole.getOrDefault(role, spec);
        }
    }

    /** What an in-scope answer must show: default items and per-role overrides ({@code alarm JUDGE=alarm}). */
    record Shows(List<String> items, Map<Role, List<String>> byRole) {
        static Shows parse(String text) {
            List<String> items = new ArrayList<>();
            Map<Role, List<String>> byRole = new LinkedHashMap<>();
            for (String t : text == null ? new String[0] : text.trim().split("\\s+")) {
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq > 0) {
                    String v = t.substring(eq + 1);
                    byRole.put(Role.valueOf(t.substring(0, eq)), v.isEmpty() ? List.of() : List.of(v.split("\\+")));
                } else {
                    items.add(t);
                }
            }
            return new Shows(items, byRole);
        }

        List<String> forRole(Role role) {
            return byRole.getOrDefault(role, items);
        }
    }

    record Row(int line, String method, String path, Set<Role> roles, String kind, Map<String, String> variables,
            String query, Statuses in, Statuses absent, Set<Role> everywhere, Shows shows, List<String> hidden,
            String body, Shows reveals) {
        String key() {
            return method + " " + path;
        }

        String name() {
            return key() + (kind.equals("-") ? "" : " [" + kind + "]") + (query == null ? "" : " " + query);
        }
    }

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/rbac-matrix.csv");
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (CSVRecord r : format.parse(reader)) {
                String[] target = get(r, "target").split("\\s+");
                Map<String, String> variables = new LinkedHashMap<>();
                String query = null;
                for (int i = 1; i < target.length; i++) {
                    if (target[i].startsWith("?")) {
                        query = target[i].substring(1);
                    } else {
                        int eq = target[i].indexOf('=');
                        variables.put(target[i].substring(0, eq), target[i].substring(eq + 1));
                    }
                }
                String everywhere = get(r, "everywhere");
                String hidden = get(r, "hidden");
                String body = get(r, "body");
                rows.add(new Row((int) r.getRecordNumber(), get(r, "method"), get(r, "path"), roles(get(r, "roles")),
                        target[0], variables, query, Statuses.parse(get(r, "in"), "200"),
                        Statuses.parse(get(r, "absent"), "404"), roles(everywhere.isEmpty() ? "ADMIN" : everywhere),
                        Shows.parse(get(r, "shows")), hidden.isEmpty() ? List.of() : List.of(hidden.split("\\s+")),
                        body.isEmpty() ? "{}" : body, Shows.parse(get(r, "reveals"))));
            }
        }
        return rows;
    }

    private static String get(CSVRecord r, String column) {
        return r.isSet(column) && r.get(column) != null ? r.get(column).trim() : "";
    }

    private static Set<Role> roles(String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String t : text.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                roles.add(Role.valueOf(t));
            }
        }
        return roles;
    }

    /** A response: status, content type and the body as text (a PDF's extracted text). */
    record Answer(int status, String contentType, String body) {
        @Override
        public String toString() {
            return status + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
        }
    }

    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        ApplicationContext context;
        @Autowired
        @Qualifier("requestMappingHandlerMapping")
        RequestMappingHandlerMapping mappings;

        private final Map<Role, String> streams = new ConcurrentHashMap<>();

        ScopeFixture fixture() {
            return ScopeFixture.of(port, context);
        }

        Set<String> servedEndpoints() {
            Set<String> served = new TreeSet<>();
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
                if (!e.getValue().getBeanType().getPackageName().startsWith("org.alterna")
                        || e.getValue().getBeanType().getName().contains("Test")) {
                    continue;
                }
                for (String pattern : e.getKey().getPatternValues()) {
                    if (!pattern.startsWith("/api/")) {
                        continue;
                    }
                    Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
                    for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        served.add(m.name() + " " + pattern);
                    }
                }
            }
            return served;
        }

        @Test
        void theTableListsEveryEndpointAndNothingElse() throws IOException {
            Set<String> inTable = new TreeSet<>();
            table().forEach(r -> inTable.add(r.key()));
            Set<String> served = servedEndpoints();
            Set<String> missing = new TreeSet<>(served);
            missing.removeAll(inTable);
            Set<String> stale = new TreeSet<>(inTable);
            stale.removeAll(served);
            assertThat(missing).as("endpoints without a row in rbac-matrix.csv").isEmpty();
            assertThat(stale).as("rows in rbac-matrix.csv for endpoints that do not exist").isEmpty();
        }

        @TestFactory
        Stream<DynamicTest> everyEndpointAsEveryRoleOnEveryObject() throws IOException {
            List<DynamicTest> tests = new ArrayList<>();
            for (Row row : table()) {
                for (Role role : ROLES) {
                    boolean allowed = row.roles().contains(role);
                    tests.add(DynamicTest.dynamicTest(row.name() + " as " + role + " -> "
                            + (allowed ? row.in().expected(role) : "403"), () -> {
                                if (row.kind().equals("stream")) {
                                    stream(row, role);
                                } else {
                                    call(row, role);
                                }
                            }));
                }
                if (row.roles().contains(Role.ANONYMOUS)) {
                    // public on purpose (the key that signs evidence, verifying a package): answered without an account
                    tests.add(DynamicTest.dynamicTest(row.name() + " anonymous -> " + row.in().expected(Role.ANONYMOUS),
                            () -> {
                                ScopeFixture f = fixture();
                                Answer a = send(row.method(), url(row, f.a, Case.IN), null, body(row, Case.IN), null);
                                assertThat(row.in().matches(Role.ANONYMOUS, a.status())).as(a.toString()).isTrue();
                                checkBody(row, Role.ANONYMOUS, Case.IN, a.body(), masked(row, Case.IN),
                                        row.name() + " anonymous: " + a);
                                for (Side s : List.of(f.a, f.b)) {
                                    s.markers().forEach((cls, markers) -> markers.forEach(m -> assertThat(a.body())
                                            .as(row.name() + " anonymous: holds " + cls).doesNotContain(m)));
                                }
                            }));
                    continue;
                }
                // without credentials: 401, or 403 from the CSRF check that guards every change before authentication
                tests.add(DynamicTest.dynamicTest(row.name() + " anonymous -> refused", () -> {
                    ScopeFixture f = fixture();
                    Answer a = send(row.method(), url(row, f.a, Case.IN), null, body(row, Case.IN),
                            row.kind().equals("stream") ? "text/event-stream" : null);
                    assertThat(a.status()).as(a.toString()).isEqualTo(row.method().equals("GET") ? 401 : 403);
                }));
            }
            return tests.stream();
        }

        void call(Row row, Role role) {
            ScopeFixture f = fixture();
            String user = f.a.user(role, 1);
            boolean allowed = row.roles().contains(role);
            boolean scoped = !row.kind().equals("-");
            List<Case> cases = scoped ? List.of(Case.IN, Case.OUT, Case.MISSING) : List.of(Case.IN);
            // the three calls of a row go out together (a call that changes a scratch object changes it once)
            Map<Case, java.util.concurrent.CompletableFuture<Answer>> pending = new LinkedHashMap<>();
            for (Case c : cases) {
                pending.put(c, java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> send(row.method(), url(row, f.a, c), user, body(row, c), null), CALLS));
            }
            Map<Case, Answer> answers = new LinkedHashMap<>();
            for (Case c : cases) {
                Answer a = pending.get(c).join();
                answers.put(c, a);
                String where = row.name() + " as " + user + ", object " + c + ": " + a;
                if (!allowed) {
                    assertThat(a.status()).as(where).isEqualTo(403);
                    continue;
                }
                boolean inScope = c == Case.IN || c == Case.OUT && row.everywhere().contains(role);
                Statuses expected = inScope ? row.in() : row.absent();
                assertThat(expected.matches(role, a.status())).as(where + " (expected " + expected.expected(role)
                        + ")").isTrue();
                checkBody(row, role, c, a.body(), masked(row, c), where);
                if (c == Case.IN && a.status() / 100 == 2 && !row.everywhere().contains(role)) {
                    for (String item : row.shows().forRole(role)) {
                        assertThat(present(f.a, item, a.body())).as(where + ": must show " + item).isTrue();
                    }
                }
            }
            if (allowed && scoped && !row.everywhere().contains(role)) {
                Answer out = answers.get(Case.OUT);
                Answer missing = answers.get(Case.MISSING);
                assertThat(mask(out.body(), masked(row, Case.OUT))).as(row.name() + " as " + user
                        + ": out of scope must answer exactly as missing")
                        .isEqualTo(mask(missing.body(), masked(row, Case.MISSING)));
                assertThat(out.status()).isEqualTo(missing.status());
            }
        }

        /** A live stream read as every allowed role at once while both sides publish (once), then checked per role. */
        void stream(Row row, Role role) throws Exception {
            ScopeFixture f = fixture();
            if (!row.roles().contains(role)) {
                Answer a = send("GET", url(row, f.a, Case.IN), f.a.user(role, 1), null, "text/event-stream");
                assertThat(a.status()).as(a.toString()).isEqualTo(403);
                return;
            }
            synchronized (streams) {
                if (streams.isEmpty()) {
                    readStreams(row, f);
                }
            }
            String text = streams.get(role);
            String where = row.name() + " as " + f.a.user(role, 1) + ": events " + text;
            checkBody(row, role, Case.IN, text, List.of(), where);
            for (String item : row.shows().forRole(role)) {
                if (!row.everywhere().contains(role)) {
                    assertThat(present(f.a, item, text)).as(where + ": must show " + item).isTrue();
                }
            }
        }

        private void readStreams(Row row, ScopeFixture f) throws Exception {
            Map<Role, List<String>> lines = new LinkedHashMap<>();
            List<InputStream> bodies = new ArrayList<>();
            try {
                for (Role r : ROLES) {
                    if (!row.roles().contains(r)) {
                        continue;
                    }
                    List<String> got = new CopyOnWriteArrayList<>();
                    lines.put(r, got);
                    HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(row, f.a,
                                    Case.IN))).header("Accept", "text/event-stream")
                            .header("Authorization", basic(f.a.user(r, 1))).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    assertThat(response.statusCode()).as("live feed as " + r).isEqualTo(200);
                    bodies.add(response.body());
                    Thread reader = new Thread(() -> {
                        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                                StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                got.add(line);
                            }
                        } catch (IOException closed) {
                            // closed by the test
                        }
                    }, "matrix-sse-" + r);
                    reader.setDaemon(true);
                    reader.start();
                }
                await("every stream connected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> lines.values().stream().allMatch(l -> l.stream().anyMatch(x -> x.startsWith(":connected"))));
                // read for a few seconds while both sides publish positions and alarms (pacing, not a wait for an outcome)
                for (int i = 0; i < 3; i++) {
                    f.publishLiveEvents();
                    Thread.sleep(1000);
                }
            } finally {
                for (InputStream b : bodies) {
                    b.close();
                }
            }
            lines.forEach((r, l) -> streams.put(r, String.join("\n", l)));
        }

        /** No marker of side B (unless the role's scope spans both), of a class the role never gets, or hidden. */
        private void checkBody(Row row, Role role, Case c, String body, List<String> sent, String where) {
            ScopeFixture f = fixture();
            String text = mask(body, sent);
            if (!row.everywhere().contains(role)) {
                f.b.markers().forEach((cls, markers) -> {
                    for (String m : markers) {
                        assertThat(text).as(where + ": holds " + cls + " of the other side (" + m + ")")
                                .doesNotContain(m);
                    }
                });
            }
            List<String> forbidden = new ArrayList<>(NEVER.getOrDefault(role, List.of()));
            forbidden.removeAll(row.reveals().byRole().getOrDefault(role, List.of()));
            forbidden.addAll(row.hidden());
            for (Side s : List.of(f.a, f.b)) {
                for (String cls : forbidden) {
                    for (String m : s.markers().get(cls)) {
                        assertThat(text).as(where + ": " + role + " never gets " + cls + " (" + m + ")")
                                .doesNotContain(m);
                    }
                }
            }
        }

        /** Whether the body shows an item of side A: a data class (any of its markers), a kind's id, or the text. */
        private static boolean present(Side a, String item, String body) {
            if (ScopeFixture.CLASSES.contains(item)) {
                return a.markers().get(item).stream().anyMatch(body::contains);
            }
            try {
                return body.contains(a.id(item));
            } catch (IllegalArgumentException notAKind) {
                return body.contains(item);
            }
        }

        // ------------------------------------------------------------------------------------------ requests

        /** The values a case puts into the request (masked before comparing and checking bodies). */
        List<String> masked(Row row, Case c) {
            List<String> values = new ArrayList<>();
            ScopeFixture f = fixture();
            Side side = c == Case.OUT ? f.b : f.a;
            if (!row.kind().equals("-") && !row.kind().equals("stream")) {
                values.add(value(row.kind(), side, c));
            }
            List<String> texts = new ArrayList<>(row.variables().values());
            if (row.query() != null) {
                texts.add(row.query());
            }
            texts.add(row.body());
            for (String t : texts) {
                Matcher m = TOKEN.matcher(t);
                while (m.find()) {
                    if (!m.group(1).equals("since") && !m.group(1).equals("now")) {
                        values.add(value(m.group(1), side, c));
                    }
                }
            }
            values.sort((x, y) -> y.length() - x.length());
            return values;
        }

        String url(Row row, Side a, Case c) {
            ScopeFixture f = fixture();
            Matcher m = VARIABLE.matcher(row.path());
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String given = row.variables().get(m.group(1));
                String v = given != null ? resolve(given, c) : value(row.kind(), c == Case.OUT ? f.b : f.a, c);
                m.appendReplacement(path, Matcher.quoteReplacement(v));
            }
            m.appendTail(path);
            String query = row.query() == null ? "" : "?" + resolve(row.query(), c);
            return "http://127.0.0.1:" + port + path + query;
        }

        String body(Row row, Case c) {
            return row.method().equals("GET") || row.method().equals("DELETE") ? null : resolve(row.body(), c);
        }

        String resolve(String text, Case c) {
            ScopeFixture f = fixture();
            Matcher m = TOKEN.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = switch (m.group(1)) {
                    case "since" -> Instant.now().minus(Duration.ofDays(1)).toString();
                    case "now" -> Instant.now().plus(Duration.ofMinutes(1)).toString();
                    default -> value(m.group(1), c == Case.OUT ? f.b : f.a, c);
                };
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return out.toString();
        }

        static String value(String kind, Side side, Case c) {
            if (c != Case.MISSING) {
                return side.id(kind);
            }
            return switch (kind) {
                case "device", "victim-device", "idle-device", "scratch-device" -> "TMISSING-DEVICE";
                case "scratch-authorisation" -> "999999999";
                case "dni" -> "00000001";
                case "centre" -> "CM-NONE";
                case "court" -> "NO-SUCH-COURT";
                case "region" -> "Nowhere";
                case "prosecutor" -> "nobody";
                case "home.lat", "home.lon" -> "0.0";
                default -> MISSING_UUID;
            };
        }

        static String mask(String body, List<String> values) {
            String out = body;
            for (String v : values) {
                out = out.replace(v, "{id}");
            }
            return out;
        }

        static String basic(String user) {
            String password = user.matches("[a-z]+-[ab][12]") ? ScopeFixture.PASSWORD : "demo";
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        static Answer send(String method, String url, String user, String body, String accept) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .header("Accept", accept != null ? accept : "application/json, application/problem+json, */*");
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (user != null) {
                request.header("Authorization", basic(user));
            }
            try {
                if ("text/event-stream".equals(accept)) {
                    // only the status matters here (refusals); an accepted stream is read elsewhere
                    HttpResponse<InputStream> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                    r.body().close();
                    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), "");
                }
                HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                String type = r.headers().firstValue("Content-Type").orElse("");
                return new Answer(r.statusCode(), type, text(type, r.body()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * The body as text: a PDF's text is extracted, and every file of a ZIP (each as text, PDF or ZIP in turn), so
         * that downloads are checked like any other answer.
         */
        static String text(String contentType, byte[] body) throws IOException {
            boolean zip = body.length > 3 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
            boolean pdf = body.length > 4 && new String(body, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-");
            if (contentType.startsWith("application/pdf") || pdf) {
                try (PDDocument document = Loader.loadPDF(body)) {
                    return new PDFTextStripper().getText(document);
                }
            }
            if (contentType.startsWith("application/zip") || zip) {
                StringBuilder all = new StringBuilder();
                try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                        new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
                    java.util.zip.ZipEntry entry;
                    while ((entry = in.getNextEntry()) != null) {
                        all.append("\n--- ").append(entry.getName()).append('\n')
                                .append(text(entry.getName().endsWith(".pdf") ? "application/pdf" : "",
                                        in.readAllBytes()));
                    }
                }
                return all.toString();
            }
            return new String(body, StandardCharsets.UTF_8);
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
