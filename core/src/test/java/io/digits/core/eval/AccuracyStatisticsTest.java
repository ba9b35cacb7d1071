package io.digits.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link WilsonInterval} and {@link McNemarTest} against values worked out independently (Python's math module). */
class AccuracyStatisticsTest {

    @Test
    void wilsonIntervalMatchesKnownValues() {
        WilsonInterval none = WilsonInterval.of95(0, 10);
        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(0.2775328, within(1e-7));
        WilsonInterval half = WilsonInterval.of95(5, 10);
        assertThat(half.lower()).isCloseTo(0.2365931, within(1e-7));
        assertThat(half.upper()).isCloseTo(0.7634069, within(1e-7));
        WilsonInterval textbook = WilsonInterval.of95(81, 263);
        assertThat(textbook.lower()).isCloseTo(0.2552885, within(1e-7));
        assertThat(textbook.upper()).isCloseTo(0.3662096, within(1e-7));
        WilsonInterval high = WilsonInterval.of95(972, 995);
        assertThat(high.lower()).isCloseTo(0.9655525, within(1e-7));
        assertThat(high.upper()).isCloseTo(0.9845482, within(1e-7));
        assertThat(high.proportion()).isCloseTo(972 / 995.0, within(1e-12));
        WilsonInterval all = WilsonInterval.of95(10, 10);
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(0.7224672, within(1e-7));
        assertThat(WilsonInterval.of95(0, 0)).isEqualTo(new WilsonInterval(0, 0, 0, 1));
        assertThatThrownBy(() -> WilsonInterval.of95(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mcNemarIsExactForFewDiscordantRecords() {
        McNemarTest t = McNemarTest.of(10, 2); // 2 (1 + 12 + 66) / 2^12
        assertThat(t.exact()).isTrue();
        assertThat(t.pValue()).isCloseTo(158 / 4096.0, within(1e-12));
        assertThat(t.significant(0.05)).isTrue();
        assertThat(McNemarTest.of(2, 10).pValue()).isEqualTo(t.pValue());
        assertThat(McNemarTest.of(3, 3).pValue()).isEqualTo(1.0);
        assertThat(McNemarTest.of(0, 0).pValue()).isEqualTo(1.0);
        McNemarTest five = McNemarTest.of(0, 5); // 2 / 32
        assertThat(five.pValue()).isCloseTo(0.0625, within(1e-12));
        assertThat(five.significant(0.05)).isFalse();
        assertThat(McNemarTest.of(12, 12).exact()).isTrue();
        assertThat(McNemarTest.of(13, 12).exact()).isFalse();
    }

    @Test
    void mcNemarUsesTheCorrectedChiSquareForManyDiscordantRecords() {
        McNemarTest t = McNemarTest.of(121, 59); // (62 - 1)^2 / 180
        assertThat(t.exact()).isFalse();
        assertThat(t.statistic()).isCloseTo(20.6722222, within(1e-6));
        assertThat(t.pValue()).isCloseTo(5.450095e-06, within(1e-9));
        McNemarTest u = McNemarTest.of(10, 30); // (20 - 1)^2 / 40
        assertThat(u.statistic()).isCloseTo(9.025, within(1e-12));
        assertThat(u.pValue()).isCloseTo(0.002663119, within(1e-8));
        assertThat(McNemarTest.of(20, 20).pValue()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void erfcAndTheBinomialTailAtTheirEdges() {
        assertThat(McNemarTest.erfc(0)).isCloseTo(1.0, within(1e-7));
        assertThat(McNemarTest.erfc(1)).isCloseTo(0.1572992, within(1e-7));
        assertThat(McNemarTest.erfc(-1)).isCloseTo(1.8427008, within(1e-7));
        // a large exact tail does not underflow into nonsense: 2 P(X <= 450) for n = 1000
        assertThat(McNemarTest.exactPValue(450, 1000)).isCloseTo(0.0017305, within(2e-6));
    }
}
