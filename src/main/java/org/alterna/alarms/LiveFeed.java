package org.alterna.alarms;

/** The live feed of the console ({@code GET /api/v1/live}); telemetry calls it for every new position. */
public interface LiveFeed {

    /** Streams the position to every connected user whose scope covers it. Never blocks: slow clients lose events. */
    void position(PositionUpdate update);
}
