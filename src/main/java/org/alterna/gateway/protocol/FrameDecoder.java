package org.alterna.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a TCP byte stream into whole frames with a {@link Framer}. On a malformed header it discards what it holds
 * and throws the DecodeException (Netty wraps it in a DecoderException): the connection is not worth keeping.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private final Framer framer;
    private PartialFrameBudget budget = PartialFrameBudget.unlimited();
    private long charged;

    FrameDecoder(Framer framer) {
        this.framer = framer;
    }

    /** Charges the bytes of an incomplete frame held between reads to {@code budget}. */
    FrameDecoder budget(PartialFrameBudget budget) {
        this.budget = budget;
        return this;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws DecodeException {
        while (in.isReadable()) {
            int length;
            try {
                length = framer.frameLength(in);
            } catch (DecodeException e) {
                in.skipBytes(in.readableBytes());
                throw e;
            }
            if (length < 0 || length > in.readableBytes()) {
                break;
            }
            out.add(in.readRetainedSlice(length));
        }
        long held = in.readableBytes();
        if (held != charged) {
            if (!budget.charge(held - charged)) {
                in.skipBytes(in.readableBytes());
                budget.charge(-charged);
                charged = 0;
                throw new DecodeException(PartialFrameBudget.EXHAUSTED, 0);
            }
            charged = held;
        }
    }


    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        budget.charge(-charged);
        charged = 0;
    }

    /** A frame cut from a byte array, with where it starts. */
    record Frame(int offset, byte[] bytes) {
    }

    /** Receives the frames of a stream one by one, in order. */
    @FunctionalInterface
    interface FrameSink {
        void accept(Frame frame) throws DecodeException;
    }

    /** Splits a complete byte stream; a trailing incomplete frame is an error naming its offset. */
    static List<Frame> split(Framer framer, byte[] stream) throws DecodeException {
        List<Frame> frames = new ArrayList<>();
        split(framer, stream, frames::add);
        return frames;
    }

    /**
     * Cuts a complete byte stream frame by frame and hands each to {@code sink} before cutting the next, as the
     * gateway does on a connection: a frame the sink refuses stops the stream there, with what came before it
     * already delivered. A trailing incomplete frame is an error ("frame cut short") naming its offset.
     */
    static void split(Framer framer, byte[] stream, FrameSink sink) throws DecodeException {
        ByteBuf buf = Unpooled.wrappedBuffer(stream);
        while (buf.isReadable()) {
            int at = buf.readerIndex();
            int length;
            try {
                length = framer.frameLength(buf);
            } catch (DecodeException e) {
                throw new DecodeException(stripOffset(e), e.offset() < 0 ? at : at + e.offset());
            }
            if (length < 0) {
                throw new DecodeException("frame cut short: the stream ends after " + buf.readableBytes()
                        + " byte(s) of the frame starting here", at);
            }
            if (length > buf.readableBytes()) {
                throw new DecodeException("frame cut short: it declares " + length + " byte(s), the stream ends after "
                        + buf.readableBytes(), at);
            }
            if (length == 0) {
                throw new DecodeException("framer returned an empty frame", at);
            }
            byte[] frame = new byte[length];
            buf.readBytes(frame);
            sink.accept(new Frame(at, frame));
        }
    }

    static String stripOffset(DecodeException e) {
        String m = e.getMessage();
        int i = m.lastIndexOf(" (at byte ");
        return i >= 0 && e.offset() >= 0 ? m.substring(0, i) : m;
    }
}
