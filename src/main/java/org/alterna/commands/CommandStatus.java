package org.alterna.commands;

/** Where a command is: waiting, written to the device, answered, given up, or too old to matter. */
public enum CommandStatus {
    QUEUED, SENT, CONFIRMED, FAILED, EXPIRED;

    boolean open() {
        return this == QUEUED || this == SENT;
    }
}
