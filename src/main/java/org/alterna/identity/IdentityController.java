package org.alterna.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Accounts, the caller's own profile and API tokens. */
@RestController
@RequestMapping("/api/v1")
class IdentityController {
    private final UserAccounts accounts;
    private final ApiTokens tokens;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    IdentityController(UserAccounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @GetMapping("/me")
    @PreAuthorize("isAuthenticated()")
    Map<String, Object> me() {
        Actor actor = Actors.current();
        UserAccounts.UserAccount account = accounts.find(actor.username())
                .orElseThrow(() -> new NotFoundException("no user " + actor.username()));
        return Map.of("username", account.username(), "role", account.role(),
                "fullName", account.fullName() == null ? "" : account.fullName(),
                "scope", scope(account),
                "passwordChangeRequired", accounts.passwordChangeRequired(account.username()));
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    /**
     * The caller replaces their password. The caller's own browser session stays open (under a new session id);
     * every other session of the account ends.
     */
    @PostMapping("/me/password")
    @PreAuthorize("isAuthenticated()")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(@RequestBody(required = false) PasswordChange change, HttpServletRequest request,
            HttpServletResponse response) {
        if (change == null) {
            throw new InvalidInputException("currentPassword", "required");
        }
        String username = Actors.current().username();
        accounts.changeOwnPassword(username, change.currentPassword(), change.newPassword());
        if (request.getSession(false) != null) {
            request.changeSessionId();
            ActorPrincipal fresh = accounts.principal(username).orElseThrow().withoutPassword();
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(fresh, null,
                    fresh.getAuthorities()));
            SecurityContextHolder.setContext(context);
            sessions.saveContext(context, request, response);
        }
    }

    @GetMapping("/users")
    @PreAuthorize("hasRole('ADMIN')")
    List<UserAccounts.UserAccount> users() {
        return accounts.list();
    }

    @PostMapping("/users")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccounts.UserAccount createUser(@RequestBody UserAccounts.AccountRequest request) {
        return accounts.create(request);
    }

    @GetMapping("/users/{username}")
    @PreAuthorize("hasRole('ADMIN')")
    UserAccounts.UserAccount user(@PathVariable String username) {
        return accounts.find(username).orElseThrow(() -> new NotFoundException("no user " + username));
    }

    @PutMapping("/users/{username}")
    @PreAuthorize("hasRole('ADMIN')")
    UserAccounts.UserAccount updateUser(@PathVariable String username,
            @RequestBody UserAccounts.AccountRequest request) {
        return accounts.update(username, request);
    }

    record TokenRequest(String name, Integer validDays) {
    }

    @GetMapping("/tokens")
    @PreAuthorize("isAuthenticated()")
    List<ApiTokens.TokenInfo> myTokens() {
        return tokens.list(Actors.current().username());
    }

    @PostMapping("/tokens")
    @PreAuthorize("isAuthenticated()")
    @ResponseStatus(HttpStatus.CREATED)
    ApiTokens.CreatedToken createToken(@RequestBody TokenRequest request) {
        return tokens.create(Actors.current().username(), request.name(), request.validDays());
    }

    @DeleteMapping("/tokens/{id}")
    @PreAuthorize("isAuthenticated()")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(@PathVariable long id) {
        tokens.revoke(Actors.current().username(), id);
    }

    private static Map<String, String> scope(UserAccounts.UserAccount a) {
        Map<String, String> scope = new java.util.LinkedHashMap<>();
        if (a.courtCode() != null) {
            scope.put("court", a.courtCode());
        }
        if (a.region() != null) {
            // a police account's region is its jurisdiction
            scope.put(a.role() == Role.POLICE ? "jurisdiction" : "region", a.region());
        }
        if (a.monitoringCentre() != null) {
            scope.put("monitoringCentre", a.monitoringCentre());
        }
        return scope;
    }
}
