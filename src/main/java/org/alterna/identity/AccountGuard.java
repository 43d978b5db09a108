package org.alterna.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks every authenticated request against the account as it is now, not as it was at login:
 * <ul>
 * <li>a session opened before the account was disabled, re-scoped or given a new password is ended (the session is
 * invalidated; the API answers 401, the console goes back to the login page);</li>
 * <li>an account whose password must be changed (the first administrator's, printed at first start) may only read
 * {@code /api/v1/me}, change its password and log out: the API answers 403
 * {@code urn:alterna:problem:password-change-required}, the console shows the password page.</li>
 * </ul>
 * HTTP Basic and API token requests read the account afresh at every request; tokens of an account that lost access
 * are revoked ({@link ApiTokens}).
 */
class AccountGuard extends OncePerRequestFilter {
    static final String PASSWORD_PAGE = "/console/password";
    /** What an account that must change its password may still reach. */
    private static final Set<String> WHILE_CHANGING = Set.of("/api/v1/me", "/api/v1/me/password", PASSWORD_PAGE,
            "/logout", "/login", "/error", "/favicon.ico");
    private static final String[] STATIC = {"/css/", "/js/", "/img/", "/i18n/", "/webjars/"};

    private final AccountStates states;

    AccountGuard(AccountStates states) {
        this.states = states;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ActorPrincipal p && p.actor().role() != Role.SYSTEM) {
            Optional<UserAccounts.AccountState> state = states.current(p.getUsername());
            if (state.isEmpty() || !state.get().enabled() || state.get().accessVersion() != p.accessVersion()) {
                end(request, response);
                return;
            }
            if (state.get().passwordChangeRequired() && !reachableWhileChanging(path(request))) {
                refuseUntilChanged(request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void end(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (isApi(request)) {
            problem(response, HttpServletResponse.SC_UNAUTHORIZED, "urn:alterna:problem:session-ended",
                    "Unauthorized", "the session has ended: the account was disabled or changed; log in again");
        } else {
            response.sendRedirect(request.getContextPath() + "/login?expired");
        }
    }

    private static void refuseUntilChanged(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (isApi(request)) {
            problem(response, HttpServletResponse.SC_FORBIDDEN, "urn:alterna:problem:password-change-required",
                    "Password change required", "the initial password must be changed first: "
                            + "POST /api/v1/me/password with currentPassword and newPassword");
        } else {
            response.sendRedirect(request.getContextPath() + PASSWORD_PAGE);
        }
    }

    private static void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonNodeFactory.instance.objectNode().put("type", type).put("title", title)
                .put("status", status).put("detail", detail).toString());
    }

    private static boolean reachableWhileChanging(String path) {
        if (WHILE_CHANGING.contains(path)) {
            return true;
        }
        for (String prefix : STATIC) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isApi(HttpServletRequest request) {
        return path(request).startsWith("/api/");
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
