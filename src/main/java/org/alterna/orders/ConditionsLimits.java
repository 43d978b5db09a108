package org.alterna.orders;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How large the conditions of one order may be when they are entered ({@code alterna.orders.conditions.*}): the
 * supervision engine checks every fix against every zone and route, so an unbounded document is a way to slow it
 * for everyone. A judge's zones are a home radius, a few exclusion zones and a route or two; the defaults leave
 * ample room. Conditions already stored are read whatever the limits are now.
 *
 * @param maxZones    zones per order
 * @param maxRoutes   authorised routes per order
 * @param maxVertices positions of one zone (all rings of all its polygons) or one route
 */
@ConfigurationProperties("alterna.orders.conditions")
public record ConditionsLimits(@DefaultValue("50") int maxZones, @DefaultValue("20") int maxRoutes,
        @DefaultValue("1000") int maxVertices) {

    /** No limit: conditions read back from the database or from a replay file. */
    public static final ConditionsLimits NONE = new ConditionsLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE);

    public ConditionsLimits {
        if (maxZones < 1 || maxRoutes < 0 || maxVertices < 4) {
            throw new IllegalArgumentException("alterna.orders.conditions: max-zones must be at least 1, max-routes "
                    + "at least 0 and max-vertices at least 4");
        }
    }
}
