/** Pure tracker protocol decoders: bytes in, device messages and the replies the device expects out. */
package org.alterna.gateway.protocol;
