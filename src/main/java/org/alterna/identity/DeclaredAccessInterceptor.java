package org.alterna.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Deny by default: an Alterna API handler that does not declare who may call it (with {@link PreAuthorize} or
 * {@link Secured}, on the method or its class) is refused, so a forgotten rule never opens data to everyone.
 * The role rule is also checked here, before the request body is read, so that a caller without the role
 * always gets 403 and learns nothing from validation errors.
 */
class DeclaredAccessInterceptor implements HandlerInterceptor {
    private final PreAuthorizeAuthorizationManager preAuthorize = new PreAuthorizeAuthorizationManager();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().startsWith("org.alterna")) {
            return true;
        }
        if (!declaresAccess(method)) {
            throw new AccessDeniedException("no access rule declared for " + method.getShortLogMessage());
        }
        if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), PreAuthorize.class)) {
            Supplier<Authentication> auth = () -> SecurityContextHolder.getContext().getAuthentication();
            AuthorizationResult result;
            try {
                result = preAuthorize.authorize(auth,
                        new SimpleMethodInvocation(method.getBean(), method.getMethod(), new Object[0]));
            } catch (RuntimeException expressionNeedsArguments) {
                return true; // checked again with the arguments when the method is invoked
            }
            if (result != null && !result.isGranted()) {
                throw new AccessDeniedException("Access denied");
            }
        }
        return true;
    }

    static boolean declaresAccess(HandlerMethod method) {
        return AnnotatedElementUtils.hasAnnotation(method.getMethod(), PreAuthorize.class)
                || AnnotatedElementUtils.hasAnnotation(method.getMethod(), Secured.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), PreAuthorize.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), Secured.class);
    }
}
