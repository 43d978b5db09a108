package org.alterna.gateway.protocol;

/** The only failure a decoder may produce: the input is not a valid frame, with what is wrong and where. */
public class DecodeException extends Exception {
    private final int offset;

    public DecodeException(String message, int offset) {
        super(offset >= 0 ? message + " (at byte " + offset + ")" : message);
        this.offset = offset;
    }

    public DecodeException(String message) {
        this(message, -1);
    }

    /** Byte offset of the problem in the frame, or -1 when it concerns the frame as a whole. */
    public int offset() {
        return offset;
    }
}
