package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any input gives messages or a DecodeException, never another exception. Regression mode (seeds under
 * {@code DecoderFuzzTestInputs/<method>/}) runs in every build; fuzzing mode with {@code JAZZER_FUZZ=1}.
 */
class DecoderFuzzTest {
    private static final TeltonikaProtocol TELTONIKA = new TeltonikaProtocol();
    private static final Gt06Protocol GT06 = new Gt06Protocol();
    private static final H02Protocol H02 = new H02Protocol();
    private static final OsmAndDecoder OSMAND = new OsmAndDecoder();

    @FuzzTest(maxDuration = "60s")
    void teltonika(byte[] input) {
        decodeStream(TELTONIKA, input, true);
    }

    @FuzzTest(maxDuration = "60s")
    void gt06(byte[] input) {
        decodeStream(GT06, input, true);
    }

    @FuzzTest(maxDuration = "60s")
    void h02(byte[] input) {
        decodeStream(H02, input, false);
    }

    @FuzzTest(maxDuration = "60s")
    void osmand(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int split = text.indexOf('\n');
        String uri = split < 0 ? text : text.substring(0, split);
        byte[] body = split < 0 ? new byte[0] : text.substring(split + 1).getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {null, "application/json"}) {
            try {
                DeviceMessage.Report r = OSMAND.decode("POST", uri, type, body);
                assertThat(r.fixes()).isNotEmpty();
            } catch (DecodeException expected) {
                // rejected input is fine
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void framing(byte[] input) {
        for (TrackerProtocol p : Protocols.tcp()) {
            try {
                int n = p.framer().frameLength(Unpooled.wrappedBuffer(input));
                assertThat(n).isBetween(-1, input.length + 70_000);
                FrameDecoder.split(p.framer(), input);
            } catch (DecodeException expected) {
                // rejected input is fine
            }
        }
    }

    /** Frames the input like the gateway does, then decodes each frame, with and without a logged-in session. */
    private static void decodeStream(TrackerProtocol protocol, byte[] input, boolean loggedIn) {
        ProtocolSession session = new ProtocolSession();
        if (loggedIn) {
            session.deviceId("123456789012345");
        }
        List<FrameDecoder.Frame> frames;
        try {
            frames = FrameDecoder.split(protocol.framer(), input);
        } catch (DecodeException e) {
            frames = List.of(new FrameDecoder.Frame(0, input)); // still feed the raw bytes to the decoder
        }
        for (FrameDecoder.Frame frame : frames) {
            try {
                for (DeviceMessage m : protocol.decode(frame.bytes(), session)) {
                    assertThat(m).isNotNull();
                    if (m instanceof DeviceMessage.Report r) {
                        r.fixes().forEach(f -> assertThat(Math.abs(f.latitude())).isLessThanOrEqualTo(90));
                    }
                }
            } catch (DecodeException expected) {
                // rejected input is fine
            }
        }
    }
}
