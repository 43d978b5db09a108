/**
 * The append-only, hash-chained audit trail of every change and every read of a location, its verification
 * ({@code verify-audit}) and the installation's signing key for evidence packages and audit anchors.
 */

package org.alterna.audit;
