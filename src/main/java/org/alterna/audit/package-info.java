/** The append-only, hash-chained audit trail of every change and every read of a location. */

package org.alterna.audit;
