package org.alterna.alarms;

import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application clock with a {@link MutableClock}. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfig {
    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock();
    }
}
