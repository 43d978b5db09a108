package org.alterna.identity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Browser users log in with a form and keep a session protected by CSRF tokens; scripts use HTTP Basic or an
 * API token, which need no CSRF token because the browser never sends them on its own. Every API handler must
 * declare who may call it ({@code @PreAuthorize}); anything else is denied.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfig implements WebMvcConfigurer {

    @Bean
    UserDetailsService userDetailsService(UserAccounts accounts) {
        return username -> accounts.principal(username)
                .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
    }

    @Bean
    ThrottledAuthenticationProvider authenticationProvider(UserDetailsService users, PasswordEncoder encoder,
            LoginThrottle throttle, ApplicationEventPublisher events) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(dao, throttle, events);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens,
            ThrottledAuthenticationProvider provider) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http
            .authenticationProvider(provider)
            .addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/login", "/logout", "/error", "/favicon.ico", "/actuator/health",
                        "/css/**", "/js/**", "/img/**", "/i18n/**", "/webjars/**").permitAll()
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                // public on purpose: anyone holding an evidence package (a judge, the defence) checks it without an
                // account, against the installation's published key
                .requestMatchers(HttpMethod.GET, "/api/v1/installation-key", "/verificar").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/evidence/verification").permitAll()
                // per-endpoint rules are declared on each handler with @PreAuthorize (deny if absent)
                .requestMatchers("/api/**").authenticated()
                .requestMatchers("/", "/console/**", "/app/**").authenticated()
                .anyRequest().denyAll())
            .formLogin(form -> form.loginPage("/login").permitAll())
            .httpBasic(basic -> { })
            .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
            .csrf(csrf -> csrf.spa()
                    // Basic and token authentication are never sent by a browser on its own: no CSRF risk.
                    .ignoringRequestMatchers(request -> request.getHeader("Authorization") != null)
                    // verifying an uploaded package changes nothing and needs no session
                    .ignoringRequestMatchers(path.matcher(HttpMethod.POST, "/api/v1/evidence/verification")))
            .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                    new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), path.matcher("/api/**")));
        return http.build();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new DeclaredAccessInterceptor()).addPathPatterns("/api/**");
    }
}
