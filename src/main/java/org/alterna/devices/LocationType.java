package org.alterna.devices;

/** Where a device is: a warehouse, a penal centre (establecimiento), with an installer, or on its wearer. */
public enum LocationType {
    WAREHOUSE, PENAL_CENTRE, INSTALLER, WEARER
}
