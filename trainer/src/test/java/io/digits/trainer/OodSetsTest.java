package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sets beyond MNIST's test set: deterministic, complete, through the real preprocessing. */
class OodSetsTest {
    private static final int PER_SET = 40;
    private static MnistDataset test;
    private static List<OodSet> built;

    @BeforeAll
    static void buildOnce() throws Exception {
        test = MnistFiles.defaultLocation().test();
        built = OodSets.build(test, 5, PER_SET, OodSets.UCI_DIGITS);
    }

    private static Map<String, OodSet> byName(List<OodSet> sets) {
        return sets.stream().collect(Collectors.toMap(OodSet::name, Function.identity()));
    }

    @Test
    void theSameSeedGivesTheSameInputsAndAnotherSeedOtherDigits() throws Exception {
        List<OodSet> a = built;
        List<OodSet> b = OodSets.build(test, 5, PER_SET, OodSets.UCI_DIGITS);
        List<OodSet> c = OodSets.build(test, 6, PER_SET, Path.of("/nonexistent/digits.csv.gz"));

        assertThat(a).hasSameSizeAs(b);
        for (int s = 0; s < a.size(); s++) {
            assertThat(b.get(s).name()).isEqualTo(a.get(s).name());
            assertThat(b.get(s).labels()).isEqualTo(a.get(s).labels());
            assertThat(b.get(s).images()).isDeepEqualTo(a.get(s).images());
        }
        assertThat(c.get(0).labels()).isNotEqualTo(a.get(0).labels());
        assertThat(c).extracting(OodSet::name).doesNotContain("uci-8x8");
    }

    @Test
    void everySetIsThereWithValidInputsAndTheDegradationsChangeTheDigits() throws Exception {
        Map<String, OodSet> sets = byName(built);

        assertThat(sets).containsKeys("mnist-png", "downsample-8", "downsample-16", "blur", "thick", "thin",
                "low-contrast", "jpeg", "fonts");
        for (OodSet set : sets.values()) {
            assertThat(set.size()).as(set.name()).isGreaterThan(0);
            assertThat(set.rejected()).as(set.name() + " pictures refused").isZero();
            for (int i = 0; i < set.size(); i++) {
                assertThat(set.images()[i]).hasSize(784);
                assertThat(set.labels()[i]).isBetween(0, 9);
                for (float v : set.images()[i]) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
        OodSet control = sets.get("mnist-png");
        assertThat(control.size()).isEqualTo(PER_SET);
        for (String degraded : List.of("downsample-8", "downsample-16", "blur", "thick", "thin", "low-contrast",
                "jpeg")) {
            assertThat(sets.get(degraded).labels()).as(degraded + ": the same digits").isEqualTo(control.labels());
            assertThat(meanDifference(sets.get(degraded), control)).as(degraded).isGreaterThan(0.01);
        }
        assertThat(meanDifference(sets.get("downsample-8"), control))
                .isGreaterThan(meanDifference(sets.get("downsample-16"), control));
        // thicker strokes have more ink than the clean scan, thinner less
        assertThat(ink(sets.get("thick"))).isGreaterThan(ink(control));
        assertThat(ink(sets.get("thin"))).isLessThan(ink(control));
        OodSet fonts = sets.get("fonts");
        assertThat(fonts.sources()).isNotEmpty();
        assertThat(fonts.size()).isEqualTo(fonts.sources().size() * 10 * OodSets.FONT_VARIANTS);
        if (java.nio.file.Files.isReadable(OodSets.UCI_DIGITS)) {
            assertThat(sets.get("uci-8x8").size()).isEqualTo(1797);
        }
    }

    private static double meanDifference(OodSet a, OodSet b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += FontDigits.meanAbsoluteDifference(a.images()[i], b.images()[i]);
        }
        return sum / a.size();
    }

    private static double ink(OodSet set) {
        double sum = 0;
        for (float[] image : set.images()) {
            for (float v : image) {
                sum += v;
            }
        }
        return sum / set.size();
    }

    @Test
    void resizingKeepsAFlatGridFlatAndBlurKeepsTheInk() {
        float[] flat = new float[28 * 28];
        java.util.Arrays.fill(flat, 0.5f);
        for (float v : Degradations.downAndUp(flat, 28, 8)) {
            assertThat(v).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(1e-5f));
        }
        float[] dot = new float[28 * 28];
        dot[14 * 28 + 14] = 1f;
        float[] blurred = Degradations.blur(dot, 28, 1.0);
        double sum = 0;
        for (float v : blurred) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(blurred[14 * 28 + 14]).isLessThan(0.2f);
    }

    @Test
    void aFaintScanStretchesBackToFullInkWithNoiseOnThePaper() {
        float[] bar = new float[28 * 28];
        for (int y = 4; y < 24; y++) {
            bar[y * 28 + 14] = 1f;
        }
        float[] faint = Degradations.faint(bar, 0.08, new java.util.SplittableRandom(5));
        float max = 0;
        int specks = 0;
        for (int i = 0; i < faint.length; i++) {
            assertThat(faint[i]).isBetween(0f, 1f);
            max = Math.max(max, faint[i]);
            if (bar[i] == 0 && faint[i] > 0) {
                specks++;
            }
        }
        assertThat(max).isEqualTo(1f);
        // about half the paper gets positive noise, the rest clips to background
        assertThat(specks).isBetween(300, 460);
    }
}
