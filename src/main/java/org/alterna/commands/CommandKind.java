package org.alterna.commands;

/** What a command asks of a device; the model profile says which it accepts and with which text. */
public enum CommandKind {
    /** A position now (NIJ-1004.00: a location on demand within 3 minutes). */
    LOCATE_NOW,
    /** Report at the pursuit interval (every 15 s by default) while a breach is suspected. */
    PURSUIT_ON,
    /** Back to the normal reporting interval. */
    PURSUIT_OFF,
    /** Vibrate the tag (get the wearer's attention). */
    VIBRATE,
    /** A text for the wearer ("return home", "charge your device"). */
    MESSAGE
}
