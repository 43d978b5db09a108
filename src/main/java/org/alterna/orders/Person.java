package org.alterna.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A person under a measure. {@code synthetic} marks demo data that describes nobody real. */
public record Person(UUID id, String dni, String givenNames, String surnames, LocalDate birthDate, String sex,
        String phone, String contact, Domicile domicile, boolean synthetic, Instant createdAt, Instant updatedAt) {

    /** The domicile: address and its point (WGS 84), where an inclusion zone is usually centred. */
    public record Domicile(String address, Double lat, Double lon) {
    }

    public String fullName() {
        return givenNames + " " + surnames;
    }
}
