/**
 * Accounts, roles and scopes: form login with session and CSRF for the browser, HTTP Basic or API tokens for
 * scripts, the password policy, login throttling, sessions and tokens that end when an account loses access, the
 * browser's security headers, initial and demo accounts; deny by default.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"common"})
package org.alterna.identity;
