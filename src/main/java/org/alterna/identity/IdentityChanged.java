package org.alterna.identity;

/**
 * Published when an account, a password or a token changes, or a login succeeds or fails; the audit trail records
 * it.
 * (Identity has its own event so that the audit trail may depend on identity, not the other way round.)
 */
public record IdentityChanged(String action, String recordType, String recordId, String detail) {
}
