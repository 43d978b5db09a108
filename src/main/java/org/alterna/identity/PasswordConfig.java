package org.alterna.identity;

import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing, needed with or without the web server (accounts are created by commands too). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class PasswordConfig {
    /**
     * bcrypt, an adaptive hash, with its id stored beside each hash so the algorithm or cost can be raised later
     * and old hashes still verify. The cost (log2 rounds, default 12) is configurable: tests use a low one.
     */
    @Bean
    PasswordEncoder passwordEncoder(IdentityProperties properties) {
        return new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptCost())));
    }
}
