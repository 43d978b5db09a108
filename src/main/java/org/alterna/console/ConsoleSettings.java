package org.alterna.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web console ({@code alterna.console.*}).
 *
 * @param tilesUrl         an OpenStreetMap-style tile URL template ({@code https://.../{z}/{x}/{y}.png}); empty: the
 *                         maps draw zones and tracks on a blank background (offline installations)
 * @param tilesAttribution the attribution the tile server asks for, shown on every map
 */
@ConfigurationProperties("alterna.console")
record ConsoleSettings(@DefaultValue("") String tilesUrl, @DefaultValue("") String tilesAttribution) {
}
