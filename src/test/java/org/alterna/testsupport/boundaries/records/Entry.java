package org.alterna.testsupport.boundaries.records;

/** The public API of the {@code records} module. */
public record Entry(String text) {
}
