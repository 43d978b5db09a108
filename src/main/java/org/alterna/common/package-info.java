/** Shared kernel: RFC 9457 problem details naming the offending field, the clock, and the local time zone of the edges. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.alterna.common;
