package org.alterna.testsupport.boundaries.accounts;

/** The public API of the {@code accounts} module. */
public record Account(String name) {
}
