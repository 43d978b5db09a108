package org.alterna.orders;

/** A judge sitting in a court; {@code username} links to their Alterna account when they have one. */
public record Judge(Long id, String fullName, String courtCode, String username, Boolean active) {
    /** A judge is active unless said otherwise. */
    public Judge {
        active = active == null || active;
    }
}
