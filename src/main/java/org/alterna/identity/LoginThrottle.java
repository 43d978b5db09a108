package org.alterna.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@code max-failures} failed logins for one username, or
 * {@code max-failures-per-address} from one address (higher: many users share an office's address), within the
 * window, further attempts are refused until the window has passed.
 */
@Component
class LoginThrottle {
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(@Value("${alterna.identity.login.max-failures:5}") int maxFailures,
            @Value("${alterna.identity.login.max-failures-per-address:50}") int maxFailuresPerAddress,
            @Value("${alterna.identity.login.lock:PT15M}") Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.maxFailuresPerAddress = maxFailuresPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds to wait before this username or address may try again; 0 when allowed. */
    long blockedForSeconds(String username, String address) {
        return Math.max(blocked("u:" + username, maxFailures), blocked("a:" + address, maxFailuresPerAddress));
    }

    void failed(String username, String address) {
        add("u:" + username);
        add("a:" + address);
    }

    void succeeded(String username) {
        failures.remove("u:" + username);
    }

    private long blocked(String key, int max) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times);
            if (times.size() < max) {
                return 0;
            }
            return Math.max(1, Duration.between(clock.instant(), times.peekLast().plus(window)).toSeconds());
        }
    }

    private void add(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
        }
    }

    private void prune(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}
