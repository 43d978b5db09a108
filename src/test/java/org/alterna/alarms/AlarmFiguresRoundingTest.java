package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The figures keep small rates: one alarm over 200 people and 300 days is not "0 alarms per person-day". */
class AlarmFiguresRoundingTest {
    @Test
    void ratesAndSharesKeepFourSignificantDigits() {
        assertThat(AlarmFigures.significant(1 / 60_000.0)).isEqualTo(1.667e-5);
        assertThat(AlarmFigures.significant(1 / 6_000.0)).isEqualTo(1.667e-4);
        assertThat(AlarmFigures.significant(2 / 3.0)).isEqualTo(0.6667);
        assertThat(AlarmFigures.significant(1234.5678)).isEqualTo(1235.0);
        assertThat(AlarmFigures.significant(0)).isZero();
    }
}
