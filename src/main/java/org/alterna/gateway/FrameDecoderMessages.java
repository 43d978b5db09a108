package org.alterna.gateway;

import org.alterna.gateway.protocol.DecodeException;
import org.alterna.gateway.protocol.PartialFrameBudget;

/** Tells the framing failures apart. */
final class FrameDecoderMessages {
    private FrameDecoderMessages() {
    }

    static boolean budgetExhausted(DecodeException e) {
        return e.getMessage() != null && e.getMessage().startsWith(PartialFrameBudget.EXHAUSTED);
    }
}
