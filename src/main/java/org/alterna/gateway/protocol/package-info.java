/**
 * Pure tracker protocol decoders: bytes in, device messages and the replies the device expects out. Exposed as
 * the gateway's {@code protocol} interface so the command line and the fleet simulator can decode frames.
 */
@org.springframework.modulith.NamedInterface("protocol")
package org.alterna.gateway.protocol;
