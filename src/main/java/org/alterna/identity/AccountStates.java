package org.alterna.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The current state of the accounts with open sessions, re-read at most every
 * {@code alterna.identity.account-check-interval} (2 s by default) and at once on this node when an account changes.
 * Bounded: at most 10 000 accounts are held.
 */
@Component
class AccountStates {
    private final UserAccounts accounts;
    private final Cache<String, Optional<UserAccounts.AccountState>> states;

    AccountStates(UserAccounts accounts, IdentityProperties properties) {
        this.accounts = accounts;
        this.states = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(properties.accountCheckInterval()).build();
    }

    /** The account as it is now; empty when it no longer exists. */
    Optional<UserAccounts.AccountState> current(String username) {
        return states.get(username, accounts::state);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AccountAccessChanged changed) {
        states.invalidate(changed.username());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(UserAccounts.PasswordChanged changed) {
        states.invalidate(changed.username());
    }
}
