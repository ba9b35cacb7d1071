package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which font families draw digits: the rule on synthetic glyphs, and on this machine's real fonts. */
class FontDigitsTest {

    /** Ten synthetic "digits": a vertical bar at a different column each. */
    private static float[][] bars() {
        float[][] glyphs = new float[10][784];
        for (int d = 0; d < 10; d++) {
            for (int y = 4; y < 24; y++) {
                glyphs[d][y * 28 + 4 + 2 * d] = 1f;
                glyphs[d][y * 28 + 5 + 2 * d] = 1f;
            }
        }
        return glyphs;
    }

    @Test
    void tenDistinctGlyphsThatMatchTheReferencePass() {
        assertThat(FontDigits.judgeGlyphs(bars(), bars())).isEmpty();
        assertThat(FontDigits.judgeGlyphs(bars(), null)).isEmpty();
    }

    @Test
    void aBlankDigitIsRejected() {
        float[][] glyphs = bars();
        glyphs[3] = null;
        assertThat(FontDigits.judgeGlyphs(glyphs, bars())).hasValueSatisfying(r -> assertThat(r).contains("digit 3"));
    }

    @Test
    void theSameBoxForEveryDigitIsRejected() {
        float[][] boxes = new float[10][];
        for (int d = 0; d < 10; d++) {
            boxes[d] = bars()[0];
        }
        assertThat(FontDigits.judgeGlyphs(boxes, null))
                .hasValueSatisfying(r -> assertThat(r).contains("digits 0 and 1 draw the same glyph"));
    }

    @Test
    void distinctGlyphsThatAreNotTheDigitsTheyStandForAreRejected() {
        float[][] reference = bars();
        float[][] shifted = new float[10][];
        for (int d = 0; d < 10; d++) {
            shifted[d] = reference[(d + 3) % 10]; // every code point draws another "digit": a dingbat font
        }
        assertThat(FontDigits.judgeGlyphs(shifted, reference))
                .hasValueSatisfying(r -> assertThat(r).contains("only 0 of 10"));
    }

    @Test
    void onThisMachineTextFamiliesAreKeptAndSymbolFamiliesAreNot() {
        Map<String, FontDigits.Verdict> verdicts = FontDigits.judgeInstalled().stream()
                .collect(Collectors.toMap(FontDigits.Verdict::family, Function.identity()));
        List<String> installed = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames(Locale.ROOT));
        if (installed.contains("DejaVu Sans")) {
            assertThat(verdicts.get("DejaVu Sans").kept()).isTrue();
        }
        assertThat(verdicts.get("Dialog").kept()).as("logical fonts are aliases").isFalse();
        // symbol, dingbat and math fonts where installed (fonts-urw-base35, fonts-lyx via python3-matplotlib)
        for (String symbolic : List.of("Standard Symbols PS", "D050000L", "cmsy10", "cmex10", "msam10",
                "DejaVu Math TeX Gyre")) {
            if (verdicts.containsKey(symbolic)) {
                assertThat(verdicts.get(symbolic).kept()).as(symbolic + ": " + verdicts.get(symbolic).reason())
                        .isFalse();
            }
        }
        for (String text : List.of("Liberation Serif", "FreeSans", "Nimbus Sans", "C059", "URW Gothic")) {
            if (verdicts.containsKey(text)) {
                assertThat(verdicts.get(text).kept()).as(text + ": " + verdicts.get(text).reason()).isTrue();
            }
        }
    }
}
