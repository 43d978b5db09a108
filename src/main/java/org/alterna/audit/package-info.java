/**
 * The append-only, hash-chained audit trail of every change and every read of a location, its verification
 * ({@code verify-audit}) and the installation's signing key for evidence packages and audit anchors.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"identity"})
package org.alterna.audit;
