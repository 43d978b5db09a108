package org.alterna.identity;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * An authenticated user as Spring Security holds it, carrying the {@link Actor} with its scope, and the account's
 * access version at login: a session whose version is no longer the account's was opened before the account was
 * disabled, re-scoped or given a new password, and is ended ({@link AccountGuard}).
 */
public record ActorPrincipal(Actor actor, String passwordHash, boolean enabled, long accessVersion,
        boolean passwordChangeRequired) implements UserDetails {

    public ActorPrincipal(Actor actor, String passwordHash, boolean enabled) {
        this(actor, passwordHash, enabled, 0, false);
    }

    static Authentication authentication(Actor actor) {
        ActorPrincipal principal = new ActorPrincipal(actor, "", true);
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(actor.role().authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return actor.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** The same principal without the password hash, as kept in a session once the password has been checked. */
    ActorPrincipal withoutPassword() {
        return new ActorPrincipal(actor, "", enabled, accessVersion, passwordChangeRequired);
    }
}
