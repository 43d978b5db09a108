package org.alterna.orders;

/** The legal ground of the monitoring (DL 1322 and DL 1514). */
public enum MeasureType {
    /** Procesado: comparecencia con restricciones instead of prisión preventiva. */
    PRETRIAL_RESTRICTION,
    /** Condenado: sentence converted to electronic monitoring ("pena por conversión"). */
    SENTENCE_CONVERSION,
    /** Beneficio penitenciario: semi-libertad. */
    SEMI_LIBERTAD,
    /** Beneficio penitenciario: liberación condicional. */
    LIBERACION_CONDICIONAL,
    /** Detención domiciliaria (house arrest). */
    HOUSE_ARREST,
    /** Protection order with a victim (restraining distance). */
    PROTECTION_ORDER
}
