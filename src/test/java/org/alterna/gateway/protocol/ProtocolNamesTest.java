package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.alterna.telemetry.TrackerProtocols;
import org.junit.jupiter.api.Test;

/** One list of protocol names: the gateway decodes exactly the protocols the registry accepts and the console offers. */
class ProtocolNamesTest {

    @Test
    void everyListedProtocolHasItsDecoderAndNoDecoderIsUnlisted() {
        List<String> decoders = new ArrayList<>(Protocols.tcp().stream().map(TrackerProtocol::name).toList());
        decoders.add(Protocols.osmand().name());
        assertThat(decoders).containsExactlyElementsOf(TrackerProtocols.NAMES);
        assertThat(Protocols.names()).isEqualTo(TrackerProtocols.NAMES);
    }

    @Test
    void namesAreMatchedWhateverTheirCase() {
        assertThat(TrackerProtocols.isKnown(" GT06 ")).isTrue();
        assertThat(TrackerProtocols.isKnown("osmand")).isTrue();
        assertThat(TrackerProtocols.isKnown("traccar")).isFalse();
        assertThat(TrackerProtocols.isKnown(null)).isFalse();
    }
}
