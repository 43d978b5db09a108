package org.alterna.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alterna.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The login throttle slows a guesser down without giving a stranger a way to lock a judge out: blocks are per user
 * and address, grow with each failure up to a cap, end on their own, and the per-user block never applies where the
 * user has logged in before. Memory stays bounded however many names and addresses are tried.
 */
class LoginThrottleTest {
    static final String JUDGE = "judge";
    static final String OFFICE = "10.1.1.20";
    static final String STRANGER = "203.0.113.9";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T14:00:00Z"));

    static IdentityProperties settings(long maxTracked) {
        return new IdentityProperties(12, 4, null, "", true, Duration.ofSeconds(2),
                new IdentityProperties.Tokens(Duration.ofDays(90), Duration.ofDays(365)),
                new IdentityProperties.Login(5, 50, 20, Duration.ofMinutes(1), Duration.ofMinutes(15),
                        Duration.ofHours(1), Duration.ofDays(30), maxTracked, Duration.ofHours(1)));
    }

    LoginThrottle throttle = new LoginThrottle(settings(100_000), clock);

    void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.blockedForSeconds(user, address)).as("attempt %d of %s from %s", i, user, address)
                    .isZero();
            throttle.failed(user, address);
        }
    }

    @Test
    void failuresFromOneAddressDoNotLockTheUserOutOfAnother() {
        fail(JUDGE, STRANGER, 5);
        assertThat(throttle.blockedForSeconds(JUDGE, STRANGER)).isEqualTo(60);
        assertThat(throttle.blockedForSeconds(JUDGE, OFFICE)).as("the judge at the office").isZero();
        assertThat(throttle.blockedForSeconds("prosecutor", STRANGER)).as("another user from the same address")
                .isZero();
        // the name is compared as the account is: "JUDGE" is the same judge
        assertThat(throttle.blockedForSeconds("JUDGE", STRANGER)).isEqualTo(60);
    }

    @Test
    void theBackOffDoublesUpToItsCapAndIsForgottenAfterAQuietHour() {
        fail(JUDGE, STRANGER, 4);
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            assertThat(throttle.blockedForSeconds(JUDGE, STRANGER)).isZero();
            blocks.add(throttle.failed(JUDGE, STRANGER));
            // refused attempts while blocked do not count: the block does not grow by hammering
            assertThat(throttle.blockedForSeconds(JUDGE, STRANGER)).isEqualTo(blocks.get(i));
            clock.advance(Duration.ofSeconds(blocks.get(i)));
        }
        assertThat(blocks).containsExactly(60L, 120L, 240L, 480L, 900L, 900L, 900L);
        throttle.failed(JUDGE, STRANGER);
        clock.advance(Duration.ofMinutes(61));
        assertThat(throttle.blockedForSeconds(JUDGE, STRANGER)).isZero();
        throttle.failed(JUDGE, STRANGER);
        assertThat(throttle.blockedForSeconds(JUDGE, STRANGER)).as("the count started again").isZero();
    }

    @Test
    void aSuccessfulLoginClearsTheUsersCountFromThatAddress() {
        fail(JUDGE, OFFICE, 4);
        throttle.succeeded(JUDGE, OFFICE);
        fail(JUDGE, OFFICE, 4);
        assertThat(throttle.blockedForSeconds(JUDGE, OFFICE)).isZero();
    }

    @Test
    void oneAddressTryingManyUsersIsSlowedDown() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("user" + i, STRANGER);
        }
        assertThat(throttle.blockedForSeconds("someone-else", STRANGER)).isEqualTo(60);
        assertThat(throttle.blockedForSeconds("someone-else", OFFICE)).isZero();
    }

    @Test
    void aGuessSpreadOverManyAddressesBlocksNewAddressesButNeverOnesTheUserLoggedInFrom() {
        throttle.succeeded(JUDGE, OFFICE);
        for (int i = 0; i < 20; i++) {
            throttle.failed(JUDGE, "198.51.100." + i);
        }
        assertThat(throttle.blockedForSeconds(JUDGE, "198.51.100.200")).as("a new address").isEqualTo(60);
        assertThat(throttle.blockedForSeconds(JUDGE, OFFICE)).as("where the judge logs in").isZero();
        clock.advance(Duration.ofSeconds(60));
        assertThat(throttle.blockedForSeconds(JUDGE, "198.51.100.200")).isZero();
    }

    @Test
    void memoryIsBoundedWhateverIsTried() {
        throttle = new LoginThrottle(settings(1_000), clock);
        for (int i = 0; i < 50_000; i++) {
            throttle.failed("name" + i, "10.0." + (i / 250) + "." + (i % 250));
        }
        // four tables (pairs, addresses, users, known addresses), each bounded
        assertThat(throttle.tracked()).isLessThanOrEqualTo(4 * 1_000);
    }
}
