package org.alterna.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of accounts, passwords, API tokens and login throttling ({@code alterna.identity.*}).
 *
 * @param passwordMinLength     shortest password accepted (the demo accounts' {@code demo} is exempt, and exists only
 *                              in demo and test mode)
 * @param bcryptCost            log2 rounds of bcrypt (tests use a low one)
 * @param demoAccounts          create one account per role with password {@code demo}; unset: follows
 *                              {@code alterna.demo.enabled}
 * @param initialAdminPassword  password of the first {@code admin} outside demo mode (empty: a random one is printed
 *                              once and must be changed at first login)
 * @param createInitialAdmin    create {@code admin} on the first start of an empty installation
 * @param accountCheckInterval  how long a session's "is this account still as it was at login" answer is reused: a
 *                              disabled or re-scoped account loses its sessions within this time on every node
 * @param tokens                API tokens
 * @param login                 login throttling
 */
@ConfigurationProperties("alterna.identity")
record IdentityProperties(@DefaultValue("12") int passwordMinLength, @DefaultValue("12") int bcryptCost,
        Boolean demoAccounts, @DefaultValue("") String initialAdminPassword,
        @DefaultValue("true") boolean createInitialAdmin, @DefaultValue("PT2S") Duration accountCheckInterval,
        @DefaultValue Tokens tokens, @DefaultValue Login login) {

    IdentityProperties {
        if (passwordMinLength < 8) {
            throw new IllegalArgumentException("alterna.identity.password-min-length must be at least 8");
        }
    }

    /**
     * @param defaultValidity how long a token lives when its creator does not say
     * @param maxValidity     the longest life a token may be given
     */
    record Tokens(@DefaultValue("P90D") Duration defaultValidity, @DefaultValue("P365D") Duration maxValidity) {
        Tokens {
            if (defaultValidity.compareTo(maxValidity) > 0) {
                throw new IllegalArgumentException(
                        "alterna.identity.tokens.default-validity must not exceed max-validity");
            }
        }
    }

    /**
     * Login throttling. Failures are counted per user and address, per address and per user; a count past its limit
     * blocks further attempts for {@code backoff}, doubling with each further failure up to {@code maxBackoff}; a
     * count is forgotten after {@code resetAfter} without failures. The per-user count never blocks an address the
     * user has logged in from within {@code knownAddressMemory}, so that a stranger cannot lock a judge out.
     *
     * @param maxFailures           failures of one user from one address before it is slowed down
     * @param maxFailuresPerAddress failures from one address, whatever the user (an office shares one address)
     * @param maxFailuresPerUser    failures of one user from all addresses (a distributed guess)
     * @param backoff               first block
     * @param maxBackoff            longest block
     * @param resetAfter            quiet time after which the counts start again
     * @param knownAddressMemory    how long an address a user logged in from stays exempt from the per-user block
     * @param maxTracked            most users, addresses and pairs remembered at once (bounded memory)
     * @param auditBasicEvery       a successful HTTP Basic login of the same user from the same address is audited
     *                              once per this period (every request of a script authenticates)
     */
    record Login(@DefaultValue("5") int maxFailures, @DefaultValue("50") int maxFailuresPerAddress,
            @DefaultValue("20") int maxFailuresPerUser, @DefaultValue("PT1M") Duration backoff,
            @DefaultValue("PT15M") Duration maxBackoff, @DefaultValue("PT1H") Duration resetAfter,
            @DefaultValue("P30D") Duration knownAddressMemory, @DefaultValue("100000") long maxTracked,
            @DefaultValue("PT1H") Duration auditBasicEvery) {
        Login {
            if (maxFailures < 1 || maxFailuresPerAddress < 1 || maxFailuresPerUser < 1) {
                throw new IllegalArgumentException("alterna.identity.login.max-failures* must be at least 1");
            }
            if (backoff.isNegative() || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
                throw new IllegalArgumentException(
                        "alterna.identity.login.backoff must be positive and not above max-backoff");
            }
            if (resetAfter.compareTo(maxBackoff) < 0) {
                throw new IllegalArgumentException(
                        "alterna.identity.login.reset-after must be at least max-backoff");
            }
        }
    }
}
