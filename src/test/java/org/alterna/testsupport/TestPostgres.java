package org.alterna.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 15 for tests. If {@code ALTERNA_TEST_PG_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:55432/})
 * with {@code ALTERNA_TEST_PG_USER}/{@code ALTERNA_TEST_PG_PASSWORD} names a running server (as {@code .ci/run}
 * starts one), it is used; otherwise an embedded PostgreSQL (Debian-free binaries from a jar) is started
 * once per JVM. Every caller gets a fresh, empty database, so migrations are always tested from scratch.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private TestPostgres() {
    }

    /** JDBC settings of a new empty database: url, user, password. */
    public static synchronized String[] newDatabase() {
        String name = "alterna_t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        String external = System.getenv("ALTERNA_TEST_PG_URL");
        try {
            if (external != null && !external.isBlank()) {
                String user = System.getenv().getOrDefault("ALTERNA_TEST_PG_USER", "postgres");
                String password = System.getenv().getOrDefault("ALTERNA_TEST_PG_PASSWORD", "");
                String base = external.endsWith("/") ? external : external + "/";
                try (Connection c = java.sql.DriverManager.getConnection(base + "postgres", user, password);
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                return new String[] {base + name, user, password};
            }
            if (embedded == null) {
                embedded = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // JVM is exiting
                    }
                }));
            }
            try (Connection c = embedded.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new String[] {embedded.getJdbcUrl("postgres", name), "postgres", "postgres"};
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a PostgreSQL test database", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }
}
