package org.alterna.eligibility;

import java.util.Locale;

/** Situación jurídica in the register: awaiting trial (procesado) or sentenced (condenado / sentenciado). */
enum LegalStatus {
    PROCESADO, CONDENADO;

    /** Reads the register's value: procesado, condenado or sentenciado, any case; null if none of them. */
    static LegalStatus parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "PROCESADO", "PROCESADA" -> PROCESADO;
            case "CONDENADO", "CONDENADA", "SENTENCIADO", "SENTENCIADA" -> CONDENADO;
            default -> null;
        };
    }
}
