package org.alterna.common;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every path variable and query parameter of the API and the console is length-limited
 * ({@code alterna.api.max-parameter-length}, 200 characters by default: ids, codes, dates and search terms are far
 * shorter): a longer one is refused with 400 naming the parameter before any handler, query or log sees it. Bodies
 * are checked field by field by the services.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InputLimits.Settings.class)
class InputLimits implements WebMvcConfigurer {
    private final int maxLength;

    InputLimits(Settings settings) {
        this.maxLength = settings.maxParameterLength();
    }

    /** @param maxParameterLength longest path variable or query parameter value, in characters */
    @ConfigurationProperties("alterna.api")
    record Settings(@DefaultValue("200") int maxParameterLength) {
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // after the access check: a caller without the role gets 403 whatever they send
        registry.addInterceptor(new Check(maxLength)).addPathPatterns("/api/**", "/console/**").order(100);
    }

    private record Check(int maxLength) implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) {
                for (Map.Entry<?, ?> v : vars.entrySet()) {
                    check(String.valueOf(v.getKey()), String.valueOf(v.getValue()));
                }
            }
            for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
                check(p.getKey(), p.getKey()); // a parameter's name is input too
                for (String value : p.getValue()) {
                    check(p.getKey(), value);
                }
            }
            return true;
        }

        private void check(String name, String value) {
            if (value != null && value.length() > maxLength) {
                String field = name.length() > maxLength ? name.substring(0, 40) + "…" : name;
                throw new InvalidInputException(field, "must be at most " + maxLength + " characters");
            }
        }
    }
}
