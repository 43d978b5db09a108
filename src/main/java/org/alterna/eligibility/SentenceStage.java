package org.alterna.eligibility;

import java.util.Locale;

/**
 * For a sentenced person: whether the conversion is asked for when the sentence is imposed (Código Penal art.
 * 52-B.1) or while it is being served (art. 52-B.2, the usual case of someone held in an establishment).
 */
enum SentenceStage {
    IMPOSED, EXECUTION;

    static SentenceStage parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "IMPOSED", "IMPUESTA" -> IMPOSED;
            case "EXECUTION", "EJECUCION", "EJECUCIÓN" -> EXECUTION;
            default -> null;
        };
    }
}
