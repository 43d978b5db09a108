package org.alterna.commands;

import java.util.UUID;

/** A command reached its end: CONFIRMED, FAILED or EXPIRED. */
public record CommandSettled(long id, String deviceId, CommandKind kind, CommandStatus status, UUID orderId,
        UUID alarmId) {
}
