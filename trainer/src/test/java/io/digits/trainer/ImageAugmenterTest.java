package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digits.core.image.MnistPreprocessor;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageAugmenterTest {
    private static MnistDataset test;

    @BeforeAll
    static void loadDigits() throws IOException {
        test = MnistFiles.defaultLocation().test().limit(200);
    }

    @Test
    void zeroRangesAreTheIdentity() {
        ImageAugmenter none = new ImageAugmenter(0, 0, 0);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < test.size(); i++) {
            float[] image = MnistPreprocessor.normalise(test.images()[i]);
            assertThat(none.augment(image, random)).containsExactly(image);
        }
        assertThat(none.draw(random).isIdentity()).isTrue();
    }

    @Test
    void keepsTheShapeAndTheValueRangeAndChangesTheImage() {
        ImageAugmenter seed = ImageAugmenter.seed();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < test.size(); i++) {
            float[] image = MnistPreprocessor.normalise(test.images()[i]);
            float[] out = seed.augment(image, random);
            assertThat(out).hasSize(MnistPreprocessor.PIXELS);
            for (float v : out) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(out).isNotEqualTo(image);
        }
    }

    @Test
    void drawsWithinTheSeedsRanges() {
        ImageAugmenter seed = ImageAugmenter.seed();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            ImageAugmenter.Transform t = seed.draw(random);
            assertThat(t.degrees()).isBetween(-10.0, 10.0);
            assertThat(t.zoomX()).isBetween(0.9, 1.1);
            assertThat(t.zoomY()).isBetween(0.9, 1.1);
            assertThat(t.shiftX()).isBetween(-2.8, 2.8);
            assertThat(t.shiftY()).isBetween(-2.8, 2.8);
        }
    }

    @Test
    void aShiftMovesTheCentreOfMassByTheDrawnAmount() {
        SplittableRandom random = new SplittableRandom(4);
        int checked = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] image = MnistPreprocessor.normalise(test.images()[i]);
            if (!hasMargin(image, 3)) {
                continue; // ink within 3 px of the border would be shifted out and pull the centre back
            }
            checked++;
            double dx = random.nextDouble(-2.8, 2.8);
            double dy = random.nextDouble(-2.8, 2.8);
            float[] shifted = ImageAugmenter.apply(image, new ImageAugmenter.Transform(0, 1, 1, dx, dy));
            double[] before = centreOfMass(image);
            double[] after = centreOfMass(shifted);
            assertThat(after[0] - before[0]).as("x of digit %d", i).isCloseTo(dx, within(0.05));
            assertThat(after[1] - before[1]).as("y of digit %d", i).isCloseTo(dy, within(0.05));
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void aRotationTurnsTheDigitAboutTheCentre() {
        // a mark 6.5 px right of the centre, turned by +90 degrees (counter-clockwise on screen), ends up above it
        float[] mark = new float[MnistPreprocessor.PIXELS];
        mark[13 * 28 + 20] = 1f;
        mark[14 * 28 + 20] = 1f;
        float[] turned = ImageAugmenter.apply(mark, new ImageAugmenter.Transform(90, 1, 1, 0, 0));
        double[] com = centreOfMass(turned);
        assertThat(com[0]).isCloseTo(13.5, within(0.01));
        assertThat(com[1]).isCloseTo(13.5 - 6.5, within(0.01));
    }

    @Test
    void aZoomAboveOneShrinksTheDigitAboutTheCentre() {
        float[] mark = new float[MnistPreprocessor.PIXELS];
        mark[13 * 28 + 24] = 1f;
        mark[14 * 28 + 24] = 1f;
        // zoom 1.1 samples a 10% larger field: the mark 10.5 px right of the centre moves to about 10.5 / 1.1
        float[] zoomed = ImageAugmenter.apply(mark, new ImageAugmenter.Transform(0, 1.1, 1.1, 0, 0));
        assertThat(centreOfMass(zoomed)[0]).isCloseTo(13.5 + 10.5 / 1.1, within(0.1));
    }

    private static boolean hasMargin(float[] image, int margin) {
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                boolean edge = row < margin || col < margin || row >= 28 - margin || col >= 28 - margin;
                if (edge && image[row * 28 + col] > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[] centreOfMass(float[] image) {
        double mass = 0;
        double x = 0;
        double y = 0;
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                float v = image[row * 28 + col];
                mass += v;
                x += v * col;
                y += v * row;
            }
        }
        return new double[] {x / mass, y / mass};
    }
}
