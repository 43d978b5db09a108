package org.alterna.identity;

import java.util.Locale;
import org.alterna.common.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * What a password must be: at least {@code alterna.identity.password-min-length} characters (12 by default, as NIST
 * SP 800-63B recommends for a password chosen by its user) and not containing the user name. Length beats
 * composition rules; there is deliberately no "one digit, one symbol" rule. The documented demo password
 * {@code demo} is not checked here: demo accounts exist only in demo and test mode ({@link InitialAccounts}).
 */
@Component
class PasswordPolicy {
    /** bcrypt reads at most 72 bytes: a longer password would silently lose its tail. */
    static final int MAX_BYTES = 72;

    private final int minLength;

    PasswordPolicy(IdentityProperties properties) {
        this.minLength = properties.passwordMinLength();
    }

    int minLength() {
        return minLength;
    }

    /** Throws an {@link InvalidInputException} naming {@code field} when {@code password} is not acceptable. */
    void check(String username, String password, String field) {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException(field, "required");
        }
        if (password.codePointCount(0, password.length()) < minLength) {
            throw new InvalidInputException(field, "must have at least " + minLength + " characters");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInputException(field, "must be at most " + MAX_BYTES + " bytes");
        }
        if (username != null && !username.isBlank()
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException(field, "must not contain the user name");
        }
    }
}
