package org.alterna.devices;

import java.time.Instant;

/**
 * A device known to Alterna.
 *
 * @param uniqueId     IMEI or unique id exactly as the device sends it
 * @param model        model profile name (which decoder settings and battery curve apply)
 * @param protocol     wire protocol: {@code teltonika}, {@code gt06}, {@code h02}, {@code osmand}
 * @param status       ACTIVE devices may connect; RETIRED ones are refused
 * @param registeredAt when it was registered
 * @param retiredAt    when it was retired, or null
 * @param holdingRegion the INPE region that holds it in stock (sees it while it serves no order), or null (ADMIN only)
 */
public record RegisteredDevice(String uniqueId, String model, String protocol, DeviceStatus status,
        Instant registeredAt, Instant retiredAt, String holdingRegion) {

    public boolean active() {
        return status == DeviceStatus.ACTIVE;
    }
}
