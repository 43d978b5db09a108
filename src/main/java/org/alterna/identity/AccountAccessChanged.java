package org.alterna.identity;

import java.time.Instant;
import java.util.Set;

/**
 * Published when an account loses the access it had: it was disabled, or its role or its scope (court, region,
 * monitoring centre…) changed. By the time listeners run after the commit, the account's HTTP sessions no longer
 * authenticate and its API tokens are revoked; a module that holds something open for the user (a live feed)
 * closes it. Published inside the transaction of the change: listen after commit
 * ({@code @TransactionalEventListener}) so that a rolled-back change closes nothing.
 *
 * @param username the account
 * @param changes  what changed
 * @param before   the actor (role and scope) as it was
 * @param after    the actor as it is now
 * @param at       when the change was made
 */
public record AccountAccessChanged(String username, Set<Change> changes, Actor before, Actor after, Instant at) {

    public AccountAccessChanged {
        changes = Set.copyOf(changes);
    }

    /** What took access away. */
    public enum Change {
        /** The account may no longer log in. */
        DISABLED,
        /** The account has another role. */
        ROLE_CHANGED,
        /** The account sees another court, region, monitoring centre or jurisdiction. */
        SCOPE_CHANGED
    }
}
