package org.alterna;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Alterna server: one Spring Boot application whose capabilities live in sibling packages. */
@SpringBootApplication
@EnableScheduling
public class AlternaApplication {

    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(AlternaApplication.class, args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
