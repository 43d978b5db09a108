package org.alterna.gateway.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Pure framing rule of a protocol, shared by the Netty handler and the decode command.
 */
@FunctionalInterface
public interface Framer {

    /**
     * Length of the whole frame starting at {@code in.readerIndex()}, or -1 when more bytes are needed. Reads
     * without moving the indices. Throws on a malformed header or an absurd declared length, before anything is
     * allocated; the offset of the exception is relative to the reader index.
     */
    int frameLength(ByteBuf in) throws DecodeException;
}
