package org.alterna.audit;

/**
 * Published (as a Spring application event, inside the transaction of the change) by any capability that
 * changes a record or reads a person's location or track. The audit trail adds who, role, when and from
 * which address, and chains the entry to the previous one.
 *
 * @param action     what was done, e.g. {@code order.transition}, {@code track.read}
 * @param recordType the kind of record, e.g. {@code JudicialOrder}
 * @param recordId   which record
 * @param detail     a short human-readable detail (no secrets)
 */
public record Audited(String action, String recordType, String recordId, String detail) {
}
