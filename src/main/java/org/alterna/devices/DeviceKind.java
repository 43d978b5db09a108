package org.alterna.devices;

/** What a device is: the person's ankle tag, a home unit or RF beacon, the victim's unit, or a phone-based unit. */
public enum DeviceKind {
    ANKLE_TAG, HOME_UNIT, VICTIM_UNIT, PHONE
}
