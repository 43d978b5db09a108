/** Shared kernel: problem details for API errors, GeoJSON and metric geometry, time at the edges. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.alterna.common;
