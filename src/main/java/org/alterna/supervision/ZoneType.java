package org.alterna.supervision;

/** INCLUSION: must be inside while the schedule is active; EXCLUSION: must be outside. */
public enum ZoneType { INCLUSION, EXCLUSION }
