package org.alterna.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The access table in {@code rbac-matrix.csv} is the single statement of who may call what. This test checks
 * that it lists every API endpoint the application serves (and nothing else), then calls every endpoint as
 * every role over real HTTP: a role not in the row must get 403, a role in it must get past authorisation.
 */
@H2Test
class AccessMatrixTest {
    static final Map<Role, String> DEMO_USER = new LinkedHashMap<>();

    static {
        DEMO_USER.put(Role.ADMIN, "admin");
        DEMO_USER.put(Role.SUPERVISOR, "supervisor");
        DEMO_USER.put(Role.OPERATOR, "operator");
        DEMO_USER.put(Role.JUDGE, "judge");
        DEMO_USER.put(Role.PROSECUTOR, "prosecutor");
        DEMO_USER.put(Role.POLICE, "police");
        DEMO_USER.put(Role.AUDITOR, "auditor");
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Row(String method, String path, Set<Role> allowed) {
        String key() {
            return method + " " + path;
        }
    }

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/rbac-matrix.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] cols = lines[i].split(",", -1);
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (String r : cols[2].trim().split("\\s+")) {
                    if (!r.isEmpty()) {
                        roles.add(Role.valueOf(r));
                    }
                }
                rows.add(new Row(cols[0].trim(), cols[1].trim(), roles));
            }
        }
        return rows;
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
    Stream<DynamicTest> everyEndpointAsEveryRole() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : table()) {
            String path = row.path().replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
            for (Map.Entry<Role, String> user : DEMO_USER.entrySet()) {
                boolean allowed = row.allowed().contains(user.getKey());
                tests.add(DynamicTest.dynamicTest(row.key() + " as " + user.getKey() + " -> "
                        + (allowed ? "allowed" : "403"), () -> {
                            Api.Response response = Api.as(port, user.getValue()).send(row.method(), path,
                                    row.method().equals("GET") || row.method().equals("DELETE") ? null : "{}",
                                    "application/json");
                            if (allowed) {
                                assertThat(response.status()).as(response.toString())
                                        .isNotIn(401, 403).isLessThan(500);
                            } else {
                                assertThat(response.status()).as(response.toString()).isEqualTo(403);
                            }
                        }));
            }
            if (row.allowed().contains(Role.ANONYMOUS)) {
                // public on purpose (e.g. verifying an evidence package without an account)
                tests.add(DynamicTest.dynamicTest(row.key() + " anonymous -> allowed", () -> {
                    Api.Response response = Api.anonymous(port).send(row.method(), path, null, null);
                    assertThat(response.status()).as(response.toString()).isNotIn(401, 403).isLessThan(500);
                }));
                continue;
            }
            // without credentials: 401, or 403 from the CSRF check that guards every change before authentication
            tests.add(DynamicTest.dynamicTest(row.key() + " anonymous -> refused", () ->
                    assertThat(Api.anonymous(port).send(row.method(), path, null, null).status())
                            .isEqualTo(row.method().equals("GET") ? 401 : 403)));
        }
        return tests.stream();
    }
}
