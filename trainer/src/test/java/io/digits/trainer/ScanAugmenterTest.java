package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.image.MnistPreprocessor;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScanAugmenterTest {
    private static MnistDataset test;

    @BeforeAll
    static void loadDigits() throws IOException {
        test = MnistFiles.defaultLocation().test().limit(400);
    }

    @Test
    void probabilityZeroLeavesEveryImageAlone() {
        ScanAugmenter never = new ScanAugmenter(0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < test.size(); i++) {
            float[] image = MnistPreprocessor.normalise(test.images()[i]);
            assertThat(never.augment(image, random)).isSameAs(image);
        }
    }

    @Test
    void degradesAboutTheGivenShareAndKeepsShapeAndRange() {
        ScanAugmenter standard = ScanAugmenter.standard();
        SplittableRandom random = new SplittableRandom(2);
        int changed = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] image = MnistPreprocessor.normalise(test.images()[i]);
            float[] out = standard.augment(image, random);
            assertThat(out).hasSize(MnistPreprocessor.PIXELS);
            for (float v : out) {
                assertThat(v).isBetween(0f, 1f);
            }
            if (out != image) {
                changed++;
                assertThat(out).isNotEqualTo(image);
            }
        }
        // 400 draws at p = 0.6: 240 expected, standard deviation 9.8
        assertThat(changed).isBetween(200, 280);
    }

    @Test
    void bothThickensAndThinsStrokes() {
        ScanAugmenter always = new ScanAugmenter(1);
        SplittableRandom random = new SplittableRandom(3);
        int moreInk = 0;
        int lessInk = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] image = MnistPreprocessor.normalise(test.images()[i]);
            double before = ink(image);
            double after = ink(always.augment(image, random));
            if (after > before * 1.3) {
                moreInk++;
            } else if (after < before * 0.8) {
                lessInk++;
            }
        }
        // a fifth of the draws each thicken (at least 30% more ink) and thin (at least 20% less)
        assertThat(moreInk).isGreaterThan(60);
        assertThat(lessInk).isGreaterThan(60);
    }

    private static double ink(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        return sum;
    }
}
