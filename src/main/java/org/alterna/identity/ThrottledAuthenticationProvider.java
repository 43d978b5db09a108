package org.alterna.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Username/password authentication (console form and HTTP Basic) behind the login throttle. Every failed login is
 * audited ({@code login.failed}); every console login is audited ({@code login.succeeded}), and an HTTP Basic login
 * of the same user from the same address once per {@code alterna.identity.login.audit-basic-every} (a script
 * authenticates at every request). The principal kept after login carries no password hash.
 */
class ThrottledAuthenticationProvider implements org.springframework.security.authentication.AuthenticationProvider {
    private final DaoAuthenticationProvider delegate;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;
    private final Cache<String, Boolean> recentBasicLogins;

    ThrottledAuthenticationProvider(DaoAuthenticationProvider delegate, LoginThrottle throttle,
            ApplicationEventPublisher events, IdentityProperties properties) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.events = events;
        this.recentBasicLogins = Caffeine.newBuilder().maximumSize(properties.login().maxTracked())
                .expireAfterWrite(properties.login().auditBasicEvery()).build();
    }

    /** Details of a console (form) login, to tell it from HTTP Basic. */
    static final class FormLoginDetails extends WebAuthenticationDetails {
        FormLoginDetails(HttpServletRequest request) {
            super(request);
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d
                && d.getRemoteAddress() != null ? d.getRemoteAddress() : "unknown";
        boolean form = authentication.getDetails() instanceof FormLoginDetails;
        String via = form ? "console" : "HTTP Basic";
        long wait = throttle.blockedForSeconds(username, address);
        if (wait > 0) {
            throw new LockedException("Too many failed logins: try again in " + wait + " s");
        }
        Authentication result;
        try {
            result = delegate.authenticate(authentication);
        } catch (BadCredentialsException | AccountStatusException e) {
            long blocked = throttle.failed(username, address);
            String why = e instanceof BadCredentialsException ? "wrong user name or password" : "account disabled";
            events.publishEvent(new IdentityChanged("login.failed", "User", username, via + ": " + why
                    + (blocked > 0 ? "; further attempts from this address wait " + blocked + " s" : "")));
            throw e;
        }
        throttle.succeeded(username, address);
        if (form || recentBasicLogins.asMap().putIfAbsent(username + "\u0000" + address, Boolean.TRUE) == null) {
            events.publishEvent(new IdentityChanged("login.succeeded", "User", username, via));
        }
        if (result.getPrincipal() instanceof ActorPrincipal p) {
            UsernamePasswordAuthenticationToken clean = UsernamePasswordAuthenticationToken.authenticated(
                    p.withoutPassword(), null, result.getAuthorities());
            clean.setDetails(result.getDetails());
            return clean;
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
