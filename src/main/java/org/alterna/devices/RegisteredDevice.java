package org.alterna.devices;

import java.time.Instant;
import java.util.UUID;

/**
 * A device known to Alterna: what it is, where it is and its place in the lifecycle.
 *
 * @param uniqueId      IMEI or unique id exactly as the device sends it
 * @param model         model profile name (which decoder settings and battery curve apply)
 * @param protocol      wire protocol: {@code teltonika}, {@code gt06}, {@code h02}, {@code osmand}
 * @param status        its lifecycle state (RETIRED devices are refused by the gateway)
 * @param registeredAt  when it was registered
 * @param retiredAt     when it was retired, or null
 * @param holdingRegion the INPE region that holds it in stock (sees it while it serves no order), or null (ADMIN only)
 * @param kind          ankle tag, home unit, victim unit or phone
 * @param iccid         the SIM card's ICCID, or null
 * @param firmware      firmware version, or null
 * @param contract      the contract it was bought or leased under, or null
 * @param owner         who owns it (INPE, the contractor), or null
 * @param locationType  where it is, or null when unknown
 * @param locationRef   which warehouse, penal centre or installer, or null
 * @param orderId       the order it is reserved for, serves, or was last removed from; null in stock
 * @param statusSince   when it came into its current state
 */
public record RegisteredDevice(String uniqueId, String model, String protocol, DeviceStatus status,
        Instant registeredAt, Instant retiredAt, String holdingRegion, DeviceKind kind, String iccid, String firmware,
        String contract, String owner, LocationType locationType, String locationRef, UUID orderId,
        Instant statusSince) {

    /** Whether the gateway accepts its connections (registered and not retired). */
    public boolean active() {
        return status.acceptedByGateway();
    }
}
