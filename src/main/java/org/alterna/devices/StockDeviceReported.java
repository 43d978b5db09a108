package org.alterna.devices;

import java.time.Instant;

/**
 * Published when a device that should be silent on a shelf (in stock, in repair, damaged or lost) reports a position:
 * an inventory anomaly (a unit taken without record, fitted without an installation, or found). The alarm desk turns
 * it into a STOCK_DEVICE_REPORTING alarm for the region that holds the unit.
 *
 * @param deviceId      the unit
 * @param model         its model profile
 * @param status        the state it is in according to the inventory
 * @param holdingRegion the region that holds it (null: only administrators see it)
 * @param fixTime       when the device took the position
 * @param lat           latitude
 * @param lon           longitude
 * @param accuracy      accuracy in metres, or null
 * @param source        how the position was obtained, or null
 */
public record StockDeviceReported(String deviceId, String model, DeviceStatus status, String holdingRegion,
        Instant fixTime, double lat, double lon, Double accuracy, String source) {
}
