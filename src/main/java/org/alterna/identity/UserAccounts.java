package org.alterna.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The accounts of Alterna's users and their scopes. Disabling an account or changing its role or scope ends its
 * sessions and revokes its API tokens ({@link AccountAccessChanged}); a new password ends its other sessions.
 */
@Service
public class UserAccounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserAccounts(JdbcClient jdbc, PasswordEncoder encoder, PasswordPolicy policy, ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
    }

    /** What a session is checked against on every request: is the account still as it was when it logged in? */
    record AccountState(boolean enabled, long accessVersion, boolean passwordChangeRequired) {
    }

    /** A user as shown by the API: never the password hash. */
    public record UserAccount(String username, Role role, String fullName, String email, String phone,
            String courtCode, String region, String monitoringCentre, boolean enabled, Instant createdAt) {
        public Actor actor() {
            return new Actor(username, role, courtCode, region, monitoringCentre);
        }
    }

    /** What an administrator sends to create or change an account. */
    public record AccountRequest(String username, String password, Role role, String fullName, String email,
            String phone, String courtCode, String region, String monitoringCentre, Boolean enabled) {
    }

    public Optional<UserAccount> find(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(username)
                .query(UserAccounts::map).optional();
    }

    public List<UserAccount> list() {
        return jdbc.sql("select * from app_user order by username").query(UserAccounts::map).list();
    }

    public List<UserAccount> withRole(Role role) {
        return jdbc.sql("select * from app_user where role = ? and enabled order by username")
                .param(role.name()).query(UserAccounts::map).list();
    }

    public boolean isEmpty() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single() == 0;
    }

    Optional<ActorPrincipal> principal(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(username)
                .query((rs, n) -> new ActorPrincipal(map(rs, n).actor(), rs.getString("password_hash"),
                        rs.getBoolean("enabled"), rs.getLong("access_version"),
                        rs.getBoolean("password_change_required")))
                .optional();
    }

    Optional<AccountState> state(String username) {
        return jdbc.sql("select enabled, access_version, password_change_required from app_user where username = ?")
                .param(username)
                .query((rs, n) -> new AccountState(rs.getBoolean("enabled"), rs.getLong("access_version"),
                        rs.getBoolean("password_change_required")))
                .optional();
    }

    /** The shortest password accepted. */
    public int passwordMinLength() {
        return policy.minLength();
    }

    /** Whether the user still has to replace the password they were given (the first administrator's). */
    public boolean passwordChangeRequired(String username) {
        return state(username).map(AccountState::passwordChangeRequired).orElse(false);
    }

    /** Creates an account; its password must satisfy the password policy. */
    @Transactional
    public UserAccount create(AccountRequest request) {
        return insert(request, true, false);
    }

    /** The first administrator, whose password (printed once) must be changed at first login if {@code mustChange}. */
    @Transactional
    UserAccount createInitialAdmin(AccountRequest request, boolean mustChange) {
        return insert(request, true, mustChange);
    }

    /** A demo account with the documented password {@code demo}: only in demo and test mode ({@link InitialAccounts}). */
    @Transactional
    UserAccount createDemoAccount(AccountRequest request) {
        return insert(request, false, false);
    }

    private UserAccount insert(AccountRequest request, boolean checkPassword, boolean mustChange) {
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            throw new InvalidInputException("username",
                    "must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'");
        }
        if (request.role() == null || request.role() == Role.SYSTEM) {
            throw new InvalidInputException("role", "must be one of ADMIN, SUPERVISOR, OPERATOR, JUDGE, "
                    + "PROSECUTOR, POLICE, AUDITOR");
        }
        if (checkPassword) {
            policy.check(request.username(), request.password(), "password");
        } else if (request.password() == null || request.password().isEmpty()) {
            throw new InvalidInputException("password", "required");
        }
        checkScope(request.role(), request.courtCode(), request.region(), request.monitoringCentre());
        checkLengths(request);
        if (find(request.username()).isPresent()) {
            throw new ConflictException("user " + request.username() + " already exists");
        }
        jdbc.sql("""
                insert into app_user (username, password_hash, role, full_name, email, phone, court_code, region,
                    monitoring_centre, enabled, created_at, password_change_required)
                    values (?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(request.username(), encoder.encode(request.password()), request.role().name(),
                        request.fullName(), request.email(), request.phone(), request.courtCode(), request.region(),
                        request.monitoringCentre(), request.enabled() == null || request.enabled(),
                        java.sql.Timestamp.from(clock.instant()), mustChange)
                .update();
        events.publishEvent(new IdentityChanged("user.create", "User", request.username(),
                "role " + request.role()));
        return find(request.username()).orElseThrow();
    }

    /**
     * Changes role, scope, contact or enabled flag; the password only if one is given. Disabling the account or
     * changing its role or scope ends its sessions and revokes its API tokens ({@link AccountAccessChanged}).
     */
    @Transactional
    public UserAccount update(String username, AccountRequest request) {
        UserAccount current = find(username).orElseThrow(() -> new NotFoundException("no user " + username));
        Role role = request.role() == null ? current.role() : request.role();
        if (role == Role.SYSTEM) {
            throw new InvalidInputException("role", "SYSTEM is not a user role");
        }
        String court = request.courtCode() != null ? request.courtCode() : current.courtCode();
        String region = request.region() != null ? request.region() : current.region();
        String centre = request.monitoringCentre() != null ? request.monitoringCentre() : current.monitoringCentre();
        checkScope(role, court, region, centre);
        checkLengths(request);
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        jdbc.sql("""
                update app_user set role = ?, full_name = ?, email = ?, phone = ?, court_code = ?, region = ?,
                    monitoring_centre = ?, enabled = ? where username = ?""")
                .params(role.name(), coalesce(request.fullName(), current.fullName()),
                        coalesce(request.email(), current.email()), coalesce(request.phone(), current.phone()),
                        court, region, centre, enabled, username)
                .update();
        if (request.password() != null) {
            setPassword(username, request.password());
        }
        UserAccount updated = find(username).orElseThrow();
        Set<AccountAccessChanged.Change> lost = EnumSet.noneOf(AccountAccessChanged.Change.class);
        if (current.enabled() && !updated.enabled()) {
            lost.add(AccountAccessChanged.Change.DISABLED);
        }
        if (current.role() != updated.role()) {
            lost.add(AccountAccessChanged.Change.ROLE_CHANGED);
        }
        if (scopeChanged(current, updated)) {
            lost.add(AccountAccessChanged.Change.SCOPE_CHANGED);
        }
        events.publishEvent(new IdentityChanged("user.update", "User", username,
                "role " + role + (enabled ? "" : ", disabled")));
        if (!lost.isEmpty()) {
            bumpAccessVersion(username);
            events.publishEvent(new IdentityChanged("user.access-ended", "User", username,
                    "sessions ended and API tokens revoked: " + lost));
            events.publishEvent(new AccountAccessChanged(username, lost, current.actor(), updated.actor(),
                    clock.instant()));
        }
        return updated;
    }

    /**
     * Whether the account sees another court, region or centre. With the role unchanged, any difference of the actor
     * is a difference of scope (whatever scope fields the actor carries).
     */
    private static boolean scopeChanged(UserAccount before, UserAccount after) {
        if (before.actor().equals(after.actor())) {
            return false;
        }
        return before.role() == after.role() || !Objects.equals(before.courtCode(), after.courtCode())
                || !Objects.equals(before.region(), after.region())
                || !Objects.equals(before.monitoringCentre(), after.monitoringCentre());
    }

    /**
     * Sets a password chosen by an administrator; it must satisfy the password policy. The account's other sessions
     * end.
     */
    @Transactional
    public void setPassword(String username, String rawPassword) {
        policy.check(username, rawPassword, "password");
        store(username, rawPassword);
    }

    /**
     * The user replaces their own password: the current one must match and the new one must satisfy the policy and
     * differ from it. Clears the "must change at first login" mark; the user's other sessions end.
     */
    @Transactional
    void changeOwnPassword(String username, String currentPassword, String newPassword) {
        if (currentPassword == null || !passwordMatches(username, currentPassword)) {
            throw new InvalidInputException("currentPassword", "does not match");
        }
        policy.check(username, newPassword, "newPassword");
        if (newPassword.equals(currentPassword)) {
            throw new InvalidInputException("newPassword", "must differ from the current password");
        }
        store(username, newPassword);
    }

    private void store(String username, String rawPassword) {
        int n = jdbc.sql("""
                update app_user set password_hash = ?, password_change_required = false,
                    access_version = access_version + 1 where username = ?""")
                .params(encoder.encode(rawPassword), username).update();
        if (n == 0) {
            throw new NotFoundException("no user " + username);
        }
        events.publishEvent(new IdentityChanged("user.password", "User", username, "password changed"));
        events.publishEvent(new PasswordChanged(username));
    }

    private void bumpAccessVersion(String username) {
        jdbc.sql("update app_user set access_version = access_version + 1 where username = ?").param(username)
                .update();
    }

    /** Inside identity: a password changed, so the account's cached state is stale. */
    record PasswordChanged(String username) {
    }

    boolean passwordMatches(String username, String rawPassword) {
        return principal(username).map(p -> encoder.matches(rawPassword, p.getPassword())).orElse(false);
    }

    private static void checkScope(Role role, String court, String region, String centre) {
        if (role == Role.JUDGE && blank(court)) {
            throw new InvalidInputException("courtCode", "a judge needs the code of their court");
        }
        if (role == Role.SUPERVISOR && blank(region)) {
            throw new InvalidInputException("region", "a supervisor needs their INPE region");
        }
        if (role == Role.OPERATOR && blank(centre)) {
            throw new InvalidInputException("monitoringCentre", "an operator needs their monitoring centre");
        }
        if (role == Role.POLICE && blank(region)) {
            // a police account follows alarms of its jurisdiction only: the INPE region of the orders
            throw new InvalidInputException("region", "a police account needs its jurisdiction (region)");
        }
    }

    /** The columns' sizes, checked before writing so that the caller learns which field is too long. */
    private static void checkLengths(AccountRequest r) {
        maxLength(r.fullName(), "fullName", 200);
        maxLength(r.email(), "email", 200);
        maxLength(r.phone(), "phone", 40);
        maxLength(r.courtCode(), "courtCode", 40);
        maxLength(r.region(), "region", 80);
        maxLength(r.monitoringCentre(), "monitoringCentre", 80);
    }

    private static void maxLength(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidInputException(field, "must be at most " + max + " characters");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String coalesce(String a, String b) {
        return a != null ? a : b;
    }

    private static UserAccount map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new UserAccount(rs.getString("username"), Role.valueOf(rs.getString("role")),
                rs.getString("full_name"), rs.getString("email"), rs.getString("phone"),
                rs.getString("court_code"), rs.getString("region"), rs.getString("monitoring_centre"),
                rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant());
    }
}
