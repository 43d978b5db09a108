package org.alterna.gateway.protocol;

import java.util.HexFormat;

/** Hex helpers shared by decoders and the decode command. */
final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Parses hex, ignoring whitespace and an optional 0x prefix; IllegalArgumentException names the offset. */
    static byte[] parse(String text) {
        String s = text.replaceAll("\\s+", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + s.length() + ")");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("not a hex digit '" + s.charAt(i) + "' at character " + i);
            }
        }
        return HEX.parseHex(s);
    }
}
