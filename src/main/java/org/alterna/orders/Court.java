package org.alterna.orders;

/** A juzgado, identified by its code (e.g. {@code JIP-LIMA-01}), in a judicial district and region. */
public record Court(String code, String name, String judicialDistrict, String region) {
}
