package org.alterna.commands;

import java.time.Instant;
import java.util.UUID;

/**
 * One command in a device's queue.
 *
 * @param text        the operator's text (a message to the wearer), or null
 * @param wireText    the text as the device takes it (from the model profile), once sent
 * @param serverFlag  the number a GT06 echoes in its answer, once sent
 * @param reason      why it was queued: {@code OPERATOR}, {@code ALARM}, {@code PURSUIT}
 * @param response    the device's answer, or why it failed
 */
public record DeviceCommand(long id, String deviceId, CommandKind kind, String text, String wireText,
        CommandStatus status, int attempts, int maxAttempts, Long serverFlag, String reason, String requestedBy,
        UUID orderId, UUID alarmId, Instant createdAt, Instant expiresAt, Instant sentAt, Instant settledAt,
        String response) {
}
