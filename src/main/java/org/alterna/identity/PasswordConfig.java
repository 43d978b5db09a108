package org.alterna.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password hashing, needed with or without the web server (accounts are created by commands too). */
@Configuration(proxyBeanMethods = false)
class PasswordConfig {
    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt (adaptive) by default, with the algorithm id stored so hashes can be upgraded later
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
