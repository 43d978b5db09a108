package org.alterna;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The whole application starts and migrates an empty database on both supported databases. */
class ApplicationStartsTest {

    abstract static class Migrations {
        @Autowired
        JdbcClient jdbc;

        @Test
        void migrationsRanFromAnEmptyDatabaseAndAllSucceeded() {
            List<Boolean> results = jdbc.sql("select \"success\" from \"flyway_schema_history\"")
                    .query(Boolean.class).list();
            assertThat(results).isNotEmpty().allMatch(Boolean.TRUE::equals);
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Migrations {
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Migrations {
    }
}
