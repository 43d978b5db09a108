package org.alterna.common;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the code that runs outside Spring's web layer: decoders, parsers of conditions and scenarios,
 * the engine's log, evidence packages and exports. Jackson's defaults (nulls written), so what is stored, hashed or
 * signed does not change with the web settings ({@code spring.jackson.*}, which shape API answers only). Immutable and
 * thread-safe.
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
