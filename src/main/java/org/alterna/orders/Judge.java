package org.alterna.orders;

/** A judge sitting in a court; {@code username} links to their Alterna account when they have one. */
public record Judge(Long id, String fullName, String courtCode, String username, boolean active) {
}
