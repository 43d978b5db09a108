package org.alterna.common;

/** A request that contradicts the current state, e.g. an illegal lifecycle transition (409). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
