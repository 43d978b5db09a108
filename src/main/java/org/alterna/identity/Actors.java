package org.alterna.identity;

import java.util.function.Supplier;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;

/** Access to the actor of the current request or task. */
public final class Actors {
    private Actors() {
    }

    /** The current actor: the authenticated user, or {@link Actor#SYSTEM} when no user is involved. */
    public static Actor current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return RequestContextHolder.getRequestAttributes() != null ? Actor.ANONYMOUS : Actor.SYSTEM;
        }
        if (auth instanceof AnonymousAuthenticationToken) {
            return Actor.ANONYMOUS;
        }
        if (auth.getPrincipal() instanceof ActorPrincipal p) {
            return p.actor();
        }
        for (GrantedAuthority a : auth.getAuthorities()) {
            String name = a.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                try {
                    // Authentications made outside Alterna's user store (tests) carry a role but no scope.
                    return new Actor(auth.getName(), Role.valueOf(name.substring(5)), null, null, null);
                } catch (IllegalArgumentException ignored) {
                    // not one of Alterna's roles
                }
            }
        }
        return Actor.ANONYMOUS;
    }

    /** Runs {@code work} as {@code actor} (tests, scheduled jobs acting on behalf of a user). */
    public static <T> T runAs(Actor actor, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(ActorPrincipal.authentication(actor));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void runAs(Actor actor, Runnable work) {
        runAs(actor, () -> {
            work.run();
            return null;
        });
    }
}
