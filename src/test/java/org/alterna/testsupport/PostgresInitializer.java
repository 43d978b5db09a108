package org.alterna.testsupport;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points a test application context at a fresh PostgreSQL database. */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String[] db = TestPostgres.newDatabase();
        TestPropertyValues.of(
                "spring.datasource.url=" + db[0],
                "spring.datasource.username=" + db[1],
                "spring.datasource.password=" + db[2]).applyTo(context.getEnvironment());
    }
}
