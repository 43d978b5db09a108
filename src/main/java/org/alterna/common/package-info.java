/**
 * Shared kernel: RFC 9457 problem details naming the offending field (and nothing internal), the length limit of
 * path and query inputs, the clock, the local time zone of the edges, and the JSON mapper of the code outside the web layer.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.alterna.common;
