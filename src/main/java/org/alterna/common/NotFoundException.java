package org.alterna.common;

/** A record that does not exist, or that the caller's scope does not let them see (both answer 404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
