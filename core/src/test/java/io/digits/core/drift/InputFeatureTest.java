package io.digits.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InputFeatureTest {
    /** A 28x28 image with ink {@code level} on the rectangle x in [x0, x1], y in [y0, y1]. */
    private static float[] rectangle(int x0, int y0, int x1, int y1, float level) {
        float[] image = new float[784];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                image[y * 28 + x] = level;
            }
        }
        return image;
    }

    @Test
    void featuresOfAKnownImage() {
        float[] image = rectangle(10, 4, 15, 23, 1f); // 6 wide, 20 high: 120 pixels of full ink
        image[0] = 0.1f; // faint, under the box level: ink, but not in the box
        assertThat(InputFeature.BOX_WIDTH.value(image, 3, 0.9)).isEqualTo(6);
        assertThat(InputFeature.BOX_HEIGHT.value(image, 3, 0.9)).isEqualTo(20);
        assertThat(InputFeature.INK.value(image, 3, 0.9)).isCloseTo((120 + 0.1) / 784, within(1e-6));
        assertThat(InputFeature.DIGIT.value(image, 3, 0.9)).isEqualTo(3);
        assertThat(InputFeature.CONFIDENCE.value(image, 3, 0.9)).isEqualTo(0.9);
    }

    @Test
    void aBlankImageHasAnEmptyBox() {
        assertThat(InputFeature.BOX_WIDTH.value(new float[784], 0, 0.5)).isZero();
        assertThat(InputFeature.BOX_HEIGHT.value(new float[784], 0, 0.5)).isZero();
    }

    @Test
    void theBoxCountsPixelsFromTheCropLevelOn() {
        assertThat(InputFeature.BOX_WIDTH.value(rectangle(3, 3, 4, 4, InputFeature.BOX_INK), 0, 1)).isEqualTo(2);
        assertThat(InputFeature.BOX_WIDTH.value(rectangle(3, 3, 4, 4, 0.19f), 0, 1)).isZero();
    }

    @Test
    void binsAreFixedAndEveryDigitHasItsOwn() {
        for (InputFeature f : InputFeature.values()) {
            assertThat(f.edges()).as(f.tag()).isSorted().doesNotHaveDuplicates();
            assertThat(InputFeature.byTag(f.tag())).contains(f);
        }
        for (int digit = 0; digit < 10; digit++) {
            assertThat(FeatureDistribution.bin(InputFeature.DIGIT.edges(), digit)).isEqualTo(digit);
        }
        assertThat(InputFeature.byTag("colour")).isEmpty();
    }
}
