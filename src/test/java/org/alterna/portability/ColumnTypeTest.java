package org.alterna.portability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast text form of instants is exactly {@link Instant#toString()}, so exports read back with Instant.parse. */
class ColumnTypeTest {
    @Test
    void instantsWriteAsInstantToString() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001-9999
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(ColumnType.isoInstant(second, nano)).isEqualTo(t.toString());
        }
        assertThat(ColumnType.isoInstant(-62_167_219_200L - 86_400, 5)).isEqualTo(
                Instant.ofEpochSecond(-62_167_219_200L - 86_400, 5).toString());
        assertThat(ColumnType.isoInstant(1_772_416_800L, 123_456_000)).isEqualTo("2026-03-02T02:00:00.123456Z");
    }
}
