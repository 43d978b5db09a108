package org.alterna.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The accounts of Alterna's users and their scopes. */
@Service
public class UserAccounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final int MIN_PASSWORD = 4;

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserAccounts(JdbcClient jdbc, PasswordEncoder encoder, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.events = events;
        this.clock = clock;
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
                        rs.getBoolean("enabled")))
                .optional();
    }

    @Transactional
    public UserAccount create(AccountRequest request) {
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            throw new InvalidInputException("username",
                    "must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'");
        }
        if (request.role() == null || request.role() == Role.SYSTEM) {
            throw new InvalidInputException("role", "must be one of ADMIN, SUPERVISOR, OPERATOR, JUDGE, "
                    + "PROSECUTOR, POLICE, AUDITOR");
        }
        checkPassword(request.password());
        checkScope(request.role(), request.courtCode(), request.region(), request.monitoringCentre());
        if (find(request.username()).isPresent()) {
            throw new ConflictException("user " + request.username() + " already exists");
        }
        jdbc.sql("""
                insert into app_user (username, password_hash, role, full_name, email, phone, court_code, region,
                    monitoring_centre, enabled, created_at) values (?,?,?,?,?,?,?,?,?,?,?)""")
                .params(request.username(), encoder.encode(request.password()), request.role().name(),
                        request.fullName(), request.email(), request.phone(), request.courtCode(), request.region(),
                        request.monitoringCentre(), request.enabled() == null || request.enabled(),
                        java.sql.Timestamp.from(clock.instant()))
                .update();
        events.publishEvent(new IdentityChanged("user.create", "User", request.username(),
                "role " + request.role()));
        return find(request.username()).orElseThrow();
    }

    /** Changes role, scope, contact or enabled flag; the password only if one is given. */
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
        events.publishEvent(new IdentityChanged("user.update", "User", username,
                "role " + role + (enabled ? "" : ", disabled")));
        return find(username).orElseThrow();
    }

    @Transactional
    public void setPassword(String username, String rawPassword) {
        checkPassword(rawPassword);
        int n = jdbc.sql("update app_user set password_hash = ? where username = ?")
                .params(encoder.encode(rawPassword), username).update();
        if (n == 0) {
            throw new NotFoundException("no user " + username);
        }
        events.publishEvent(new IdentityChanged("user.password", "User", username, "password changed"));
    }

    boolean passwordMatches(String username, String rawPassword) {
        return principal(username).map(p -> encoder.matches(rawPassword, p.getPassword())).orElse(false);
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInputException("password", "must have at least " + MIN_PASSWORD + " characters");
        }
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
