package org.alterna.orders;

/**
 * The victim protected by a protection order. Only those who must protect them see these details (judge of the
 * court, INPE supervisor, monitoring operator, admin); every read is audited.
 */
public record Victim(String fullName, String dni, String phone, String contact, String address, Double lat,
        Double lon, String deviceId, boolean synthetic) {
}
