package org.alterna.simulation.replay;

/** Malformed replay input or plan; the message names the offending path, e.g. {@code fixes[17].lat: ...}. */
public class InvalidScenarioException extends RuntimeException {
    public InvalidScenarioException(String message) {
        super(message);
    }
}
