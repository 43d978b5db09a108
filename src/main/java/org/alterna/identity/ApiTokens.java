package org.alterna.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens for scripts and integrations ({@code Authorization: Bearer alt_...}). The token is shown once at
 * creation; only its SHA-256 is stored, so a database leak does not leak usable tokens. Every token expires
 * ({@code alterna.identity.tokens.default-validity}, at most {@code max-validity}), and all of a user's tokens are
 * revoked when the account is disabled or its role or scope changes.
 */
@Service
class ApiTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcClient jdbc;
    private final UserAccounts accounts;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final IdentityProperties.Tokens settings;

    ApiTokens(JdbcClient jdbc, UserAccounts accounts, ApplicationEventPublisher events, Clock clock,
            IdentityProperties properties) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
        this.settings = properties.tokens();
    }

    record TokenInfo(long id, String name, Instant createdAt, Instant expiresAt, boolean revoked) {
    }

    record CreatedToken(long id, String name, String token, Instant expiresAt) {
    }

    @Transactional
    CreatedToken create(String username, String name, Integer validDays) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInputException("name", "must be 1-100 characters");
        }
        long maxDays = Math.max(1, settings.maxValidity().toDays());
        if (validDays != null && (validDays < 1 || validDays > maxDays)) {
            throw new InvalidInputException("validDays", "must be between 1 and " + maxDays);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "alt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(validDays == null ? settings.defaultValidity() : Duration.ofDays(validDays));
        jdbc.sql("insert into api_token (username, name, token_hash, created_at, expires_at) values (?,?,?,?,?)")
                .params(username, name, sha256(token), Timestamp.from(now), Timestamp.from(expires))
                .update();
        long id = jdbc.sql("select id from api_token where token_hash = ?").param(sha256(token))
                .query(Long.class).single();
        events.publishEvent(new IdentityChanged("token.create", "ApiToken", String.valueOf(id), name));
        return new CreatedToken(id, name, token, expires);
    }

    List<TokenInfo> list(String username) {
        return jdbc.sql("select * from api_token where username = ? order by id").param(username)
                .query((rs, n) -> new TokenInfo(rs.getLong("id"), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
                        rs.getBoolean("revoked")))
                .list();
    }

    @Transactional
    void revoke(String username, long id) {
        int n = jdbc.sql("update api_token set revoked = true where id = ? and username = ?").params(id, username)
                .update();
        if (n == 0) {
            throw new NotFoundException("no token " + id);
        }
        events.publishEvent(new IdentityChanged("token.revoke", "ApiToken", String.valueOf(id), null));
    }

    /** Revokes every token of an account that lost access (disabled, new role or scope). */
    @EventListener
    void on(AccountAccessChanged changed) {
        int n = jdbc.sql("update api_token set revoked = true where username = ? and not revoked")
                .param(changed.username()).update();
        if (n > 0) {
            events.publishEvent(new IdentityChanged("token.revoke-all", "User", changed.username(),
                    n + " API token(s) revoked: " + changed.changes()));
        }
    }

    /** The principal a presented token stands for, if it is valid, unexpired, unrevoked and its user enabled. */
    Optional<ActorPrincipal> authenticate(String token) {
        if (token.length() > 100) {
            return Optional.empty();
        }
        Optional<String> username = jdbc.sql("""
                select username from api_token where token_hash = ? and not revoked and expires_at > ?""")
                .params(sha256(token), Timestamp.from(clock.instant())).query(String.class).optional();
        return username.flatMap(accounts::principal).filter(ActorPrincipal::isEnabled)
                .map(ActorPrincipal::withoutPassword);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
