package org.alterna.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing without handing a stranger a way to lock a judge out.
 * <ul>
 * <li>per user and address: after {@code max-failures}, that user from that address waits; the same user from
 * another address is not affected;</li>
 * <li>per address: after {@code max-failures-per-address} (higher: an office shares one address), that address
 * waits, whatever the user;</li>
 * <li>per user: after {@code max-failures-per-user} from anywhere (a guess spread over many addresses), the user
 * waits, except from an address they logged in from recently.</li>
 * </ul>
 * Each block lasts {@code backoff}, doubling with every further failure up to {@code max-backoff}; attempts refused
 * while blocked do not count, and a count is forgotten after {@code reset-after} without failures, so a block is
 * never permanent. Memory is bounded: each table keeps at most {@code max-tracked} entries (Caffeine evicts the
 * least used).
 */
@Component
class LoginThrottle {
    private final IdentityProperties.Login settings;
    private final Clock clock;
    private final Cache<String, Strikes> pairs;
    private final Cache<String, Strikes> addresses;
    private final Cache<String, Strikes> users;
    private final Cache<String, Boolean> knownAddresses;

    /** Failures counted so far and the end of the current block (null: not blocked). */
    private record Strikes(int failures, Instant blockedUntil) {
    }

    LoginThrottle(IdentityProperties properties, Clock clock) {
        this.settings = properties.login();
        this.clock = clock;
        // expiry follows the application clock, so that tests can move time
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.pairs = counts(ticker);
        this.addresses = counts(ticker);
        this.users = counts(ticker);
        this.knownAddresses = Caffeine.newBuilder().ticker(ticker).maximumSize(settings.maxTracked())
                .expireAfterWrite(settings.knownAddressMemory()).build();
    }

    private Cache<String, Strikes> counts(Ticker ticker) {
        return Caffeine.newBuilder().ticker(ticker).maximumSize(settings.maxTracked())
                .expireAfterWrite(settings.resetAfter()).build();
    }

    /** Seconds before this user may try again from this address; 0 when allowed. */
    long blockedForSeconds(String username, String address) {
        String user = normalise(username);
        long wait = Math.max(remaining(pairs.getIfPresent(pair(user, address))),
                remaining(addresses.getIfPresent(address)));
        if (knownAddresses.getIfPresent(pair(user, address)) == null) {
            wait = Math.max(wait, remaining(users.getIfPresent(user)));
        }
        return wait;
    }

    /** Counts a failed login; returns the seconds of the block it starts (0: none). */
    long failed(String username, String address) {
        String user = normalise(username);
        long pairBlock = strike(pairs, pair(user, address), settings.maxFailures());
        long addressBlock = strike(addresses, address, settings.maxFailuresPerAddress());
        strike(users, user, settings.maxFailuresPerUser());
        return Math.max(pairBlock, addressBlock);
    }

    /**
     * A successful login: the user's count from this address starts again and the address is remembered as theirs.
     * The per-user count is left to expire on its own: a distributed guess should not get a fresh allowance each
     * time the real user logs in.
     */
    void succeeded(String username, String address) {
        String user = normalise(username);
        pairs.invalidate(pair(user, address));
        knownAddresses.put(pair(user, address), Boolean.TRUE);
    }

    /** Entries currently held (for the memory bound; approximate until Caffeine's maintenance runs). */
    long tracked() {
        pairs.cleanUp();
        addresses.cleanUp();
        users.cleanUp();
        knownAddresses.cleanUp();
        return pairs.estimatedSize() + addresses.estimatedSize() + users.estimatedSize()
                + knownAddresses.estimatedSize();
    }

    private long strike(Cache<String, Strikes> table, String key, int limit) {
        Instant now = clock.instant();
        Strikes s = table.asMap().compute(key, (k, old) -> {
            int failures = (old == null ? 0 : old.failures()) + 1;
            if (failures < limit) {
                return new Strikes(failures, null);
            }
            return new Strikes(failures, now.plus(backoff(failures - limit)));
        });
        return remaining(s);
    }

    /** {@code backoff} × 2^n, at most {@code max-backoff}. */
    private Duration backoff(int beyondLimit) {
        Duration d = settings.backoff();
        for (int i = 0; i < beyondLimit && d.compareTo(settings.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    private long remaining(Strikes s) {
        if (s == null || s.blockedUntil() == null) {
            return 0;
        }
        long millis = Duration.between(clock.instant(), s.blockedUntil()).toMillis();
        return millis <= 0 ? 0 : Math.max(1, (millis + 999) / 1000);
    }

    private static String pair(String user, String address) {
        return user + "\u0000" + address;
    }

    private static String normalise(String username) {
        String u = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return u.length() > 64 ? u.substring(0, 64) : u; // longer names are not accounts: one bucket for them all
    }
}
