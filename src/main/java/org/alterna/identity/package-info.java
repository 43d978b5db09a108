/**
 * Accounts, roles and scopes: form login with session and CSRF for the browser, HTTP Basic or API tokens for
 * scripts, login throttling, initial and demo accounts; deny by default.
 */

package org.alterna.identity;
