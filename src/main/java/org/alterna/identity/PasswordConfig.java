package org.alterna.identity;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing, needed with or without the web server (accounts are created by commands too). */
@Configuration(proxyBeanMethods = false)
class PasswordConfig {
    /**
     * bcrypt, an adaptive hash, with its id stored beside each hash so the algorithm or cost can be raised later
     * and old hashes still verify. The cost (log2 rounds, default 12) is configurable: tests use a low one.
     */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${alterna.identity.bcrypt-cost:12}") int cost) {
        return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(cost)));
    }
}
