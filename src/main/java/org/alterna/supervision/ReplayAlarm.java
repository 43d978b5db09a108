package org.alterna.supervision;

import java.time.Instant;

/** An alarm as printed by {@code alterna replay}: end null if still going at the end of the input. */
public record ReplayAlarm(AlarmType type, String zone, Instant start, Instant end, Instant raisedAt, boolean late) {

    /** One JSON Lines record: {"type","zone","start","end","raisedAt"} (zone absent for non-zone alarms). */
    public String toJson() {
        StringBuilder sb = new StringBuilder(128).append("{\"type\":\"").append(type).append('"');
        if (zone != null) {
            sb.append(",\"zone\":\"").append(escape(zone)).append('"');
        }
        sb.append(",\"start\":\"").append(start).append('"');
        sb.append(",\"end\":").append(end == null ? "null" : "\"" + end + "\"");
        sb.append(",\"raisedAt\":\"").append(raisedAt).append("\"}");
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
