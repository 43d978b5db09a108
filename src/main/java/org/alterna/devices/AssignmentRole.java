package org.alterna.devices;

/** What a device is for in a judicial order: the supervised person's unit, or the protected victim's unit. */
public enum AssignmentRole { PERSON_UNIT, VICTIM_UNIT }
