package org.alterna.supervision;

import java.time.Instant;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** An alarm as printed by {@code alterna replay}: end null if still going at the end of the input. */
public record ReplayAlarm(AlarmType type, String zone, Instant start, Instant end, Instant raisedAt, boolean late) {

    /** One JSON Lines record: {"type","zone","start","end","raisedAt"} (zone absent for non-zone alarms). */
    public String toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type.name());
        if (zone != null) {
            o.put("zone", zone);
        }
        o.put("start", start.toString());
        if (end == null) {
            o.putNull("end");
        } else {
            o.put("end", end.toString());
        }
        o.put("raisedAt", raisedAt.toString());
        return o.toString();
    }
}
