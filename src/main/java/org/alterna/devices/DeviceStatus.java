package org.alterna.devices;

/** Lifecycle of a device: only ACTIVE devices are accepted by the gateway. */
public enum DeviceStatus { ACTIVE, RETIRED }
