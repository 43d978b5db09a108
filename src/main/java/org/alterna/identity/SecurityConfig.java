package org.alterna.identity;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Browser users log in with a form and keep a session protected by CSRF tokens; scripts use HTTP Basic or an
 * API token, which need no CSRF token because the browser never sends them on its own. Every API handler must
 * declare who may call it ({@code @PreAuthorize}); anything else is denied.
 * <p>
 * Every response carries a Content-Security-Policy that allows scripts and styles from Alterna itself only (no
 * inline script, no eval, no inline style; the Swagger UI page of the API alone may set inline styles), images also
 * from the configured map tile server ({@link ContentSources}), and no framing; {@code nosniff}; a referrer policy that sends other sites the origin at most (tile servers such as
 * OpenStreetMap's require a referrer), never a path carrying a case id. The session cookie is HttpOnly and
 * SameSite=Lax (application.properties) and Secure whenever the request came over TLS; the CSRF cookie is
 * SameSite=Strict.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfig implements WebMvcConfigurer {
    private static final Pattern ORIGIN = Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9.-]+(:\\d{1,5})?");

    /**
     * The one authentication provider (a bean, so that it is the global authentication manager's only one: declared
     * on the filter chain as well, a failed password would be tried, counted and audited twice).
     */
    @Bean
    ThrottledAuthenticationProvider authenticationProvider(UserAccounts accounts, PasswordEncoder encoder,
            LoginThrottle throttle, ApplicationEventPublisher events, IdentityProperties properties) {
        UserDetailsService users = username -> accounts.principal(username)
                .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(dao, throttle, events, properties);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, AccountStates states,
            ObjectProvider<ContentSources> contentSources) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        CookieCsrfTokenRepository csrfCookie = CookieCsrfTokenRepository.withHttpOnlyFalse(); // the console's JS reads it
        csrfCookie.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        String csp = contentSecurityPolicy(contentSources.orderedStream().toList());
        // the API's documentation page (Swagger UI) sets inline styles; its scripts are still Alterna's own only
        RequestMatcher apiDocs = path.matcher("/api/v1/swagger-ui/**");
        String apiDocsCsp = csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
        http
            .addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
            .addFilterBefore(new AccountGuard(states), AuthorizationFilter.class)
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/login", "/logout", "/error", "/favicon.ico", "/actuator/health",
                        "/css/**", "/js/**", "/img/**", "/i18n/**", "/webjars/**", "/geo/**").permitAll()
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                // public on purpose: anyone holding an evidence package (a judge, the defence) checks it without an
                // account, against the installation's published key
                .requestMatchers(HttpMethod.GET, "/api/v1/installation-key", "/verificar").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/evidence/verification").permitAll()
                // per-endpoint rules are declared on each handler with @PreAuthorize (deny if absent)
                .requestMatchers("/api/**").authenticated()
                .requestMatchers("/", "/console/**", "/app/**").authenticated()
                .anyRequest().denyAll())
            .formLogin(form -> form.loginPage("/login").permitAll()
                    .authenticationDetailsSource(ThrottledAuthenticationProvider.FormLoginDetails::new))
            .httpBasic(basic -> { })
            .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
            .csrf(csrf -> csrf.spa().csrfTokenRepository(csrfCookie)
                    // Basic and token authentication are never sent by a browser on its own: no CSRF risk.
                    .ignoringRequestMatchers(request -> request.getHeader("Authorization") != null)
                    // verifying an uploaded package changes nothing and needs no session
                    .ignoringRequestMatchers(path.matcher(HttpMethod.POST, "/api/v1/evidence/verification")))
            .headers(headers -> headers
                    .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(apiDocs),
                            new ContentSecurityPolicyHeaderWriter(csp)))
                    .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(apiDocs,
                            new ContentSecurityPolicyHeaderWriter(apiDocsCsp)))
                    .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy
                            .STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                    .permissionsPolicyHeader(p -> p.policy(
                            "camera=(), microphone=(), geolocation=(), payment=(), usb=()"))
                    .crossOriginOpenerPolicy(c -> c.policy(
                            CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)))
            .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                    new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), path.matcher("/api/**")));
        return http.build();
    }

    /**
     * Scripts, styles, fonts and connections from Alterna only; images also from the declared origins (map tiles)
     * and {@code data:} (Leaflet's and the favicon's inline images); no plugins, no {@code <base>}, forms post only
     * to Alterna, and no page may frame the console ({@code frame-ancestors 'none'}).
     */
    static String contentSecurityPolicy(java.util.List<ContentSources> sources) {
        Set<String> images = new LinkedHashSet<>();
        images.add("'self'");
        images.add("data:");
        for (ContentSources s : sources) {
            for (String origin : s.imageOrigins()) {
                if (origin != null && ORIGIN.matcher(origin).matches()) {
                    images.add(origin);
                }
            }
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + String.join(" ", images)
                + "; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new DeclaredAccessInterceptor()).addPathPatterns("/api/**");
    }
}
