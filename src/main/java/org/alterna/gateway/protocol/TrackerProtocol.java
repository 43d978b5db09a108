package org.alterna.gateway.protocol;

import io.netty.channel.ChannelHandler;
import java.util.List;

/**
 * One tracker protocol over TCP: a framing handler (Netty) that cuts the byte stream into whole frames,
 * and a pure decoder from a frame to messages carrying the replies the device expects.
 */
public interface TrackerProtocol {

    /** Lower-case protocol name: {@code teltonika}, {@code gt06}, {@code h02}. */
    String name();

    /** The port Traccar uses for this protocol, so devices configured for Traccar work unchanged. */
    int defaultPort();

    /**
     * A new framing handler for one connection. It emits one {@link io.netty.buffer.ByteBuf} per whole frame
     * and throws {@link DecodeException} (before allocating) on an absurd declared length.
     */
    ChannelHandler newFrameDecoder();

    /**
     * A new framing handler whose incomplete frames count against the gateway-wide {@code budget}; a framing
     * handler that cannot account for them ignores it.
     */
    default ChannelHandler newFrameDecoder(PartialFrameBudget budget) {
        ChannelHandler h = newFrameDecoder();
        return h instanceof FrameDecoder f ? f.budget(budget) : h;
    }

    /** Decodes one whole frame. Pure: no I/O; session state is the only thing it may change. */
    List<DeviceMessage> decode(byte[] frame, ProtocolSession session) throws DecodeException;

    /** The pure framing rule behind {@link #newFrameDecoder()}, for tools that cut frames without Netty. */
    default Framer framer() {
        throw new UnsupportedOperationException(name() + " exposes no pure framer");
    }
}
