package org.alterna.console;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alterna.identity.ContentSources;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks Spanish (Peru) unless the user picks English with {@code ?lang=en}; the choice is kept in a
 * cookie. Only the two languages with a message bundle are accepted. The map tile server is declared to the
 * Content-Security-Policy as the console's one outside image source.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleSettings.class)
class ConsoleWebConfig implements WebMvcConfigurer {
    static final Locale SPANISH_PERU = Locale.forLanguageTag("es-PE");
    private static final Pattern TILE_ORIGIN = Pattern.compile("(https?)://([^/?#]+)", Pattern.CASE_INSENSITIVE);
    static final Locale ENGLISH = Locale.ENGLISH;

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("alterna-lang") {
            @Override
            public void setLocale(jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, Locale locale) {
                super.setLocale(request, response, supported(locale));
            }
        };
        resolver.setDefaultLocaleFunction(request -> SPANISH_PERU);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookiePath("/");
        resolver.setCookieHttpOnly(true); // the scripts learn the language from the page, never from the cookie
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    /** The map tile server, if one is configured, is the one outside origin the console's pages load images from. */
    @Bean
    ContentSources mapTiles(ConsoleSettings settings) {
        List<String> origin = tileOrigin(settings.tilesUrl()).map(List::of).orElse(List.of());
        return () -> origin;
    }

    /**
     * The origin of an OpenStreetMap-style tile URL template: {@code https://tile.example.org/{z}/{x}/{y}.png} gives
     * {@code https://tile.example.org}; a {@code {s}} sub-domain placeholder becomes a wildcard
     * ({@code https://*.tile.example.org}).
     */
    static Optional<String> tileOrigin(String template) {
        if (template == null || template.isBlank()) {
            return Optional.empty();
        }
        Matcher m = TILE_ORIGIN.matcher(template.trim());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String host = m.group(2).replace("{s}.", "*.");
        if (host.contains("{") || host.contains("}")) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT));
    }

    static Locale supported(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? ENGLISH : SPANISH_PERU;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }
}
