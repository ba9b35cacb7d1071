package io.digits.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PNGs decode and have sensible sizes; they are also left in target/test-pictures to look at. */
class PicturesTest {
    private static final Path OUT = Path.of("target", "test-pictures");
    private static MnistDataset test;

    @BeforeAll
    static void data() throws IOException {
        test = MnistFiles.defaultLocation().test().limit(200);
    }

    @Test
    void confusionMatrixChartIsAReadablePng() throws IOException {
        ConfusionMatrix m = new ConfusionMatrix();
        // a plausible matrix from real labels: every 37th digit predicted as its neighbour, every 101st as 7
        for (int i = 0; i < 10_000; i++) {
            int label = test.label(i % test.size());
            int predicted = i % 37 == 0 ? (label + 1) % 10 : i % 101 == 0 ? 7 : label;
            m.add(label, predicted);
        }
        Path png = OUT.resolve("confusion-matrix.png");
        ConfusionMatrixChart.write(m, "seed CNN on MNIST test", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isBetween(600, 1000);
        assertThat(image.getHeight()).isBetween(600, 1000);
        assertThat(Files.size(png)).isBetween(5_000L, 200_000L);
    }

    @Test
    void confusionDiffChartColoursWhatTheChangeMeans() throws IOException {
        ConfusionMatrix a = new ConfusionMatrix();
        ConfusionMatrix b = new ConfusionMatrix();
        for (int i = 0; i < 1000; i++) {
            int label = i % 10;
            a.add(label, (i / 10) % 5 == 0 ? (label + 1) % 10 : label); // A reads a fifth of every digit as the next
            b.add(label, (i / 10) % 10 == 0 ? (label + 1) % 10 : label); // B a tenth
        }
        Path png = OUT.resolve("confusion-diff.png");
        ConfusionDiffChart.write(a, b, "B minus A", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(96 + 10 * 56 + 84);
        assertThat(image.getHeight()).isEqualTo(92 + 10 * 56 + 70);
        // diagonal cell (0, 0): B has more right, so blue; cell (0, 1): B has fewer errors, also blue
        assertThat(isBlue(image.getRGB(96 + 4, 92 + 4))).isTrue();
        assertThat(isBlue(image.getRGB(96 + 56 + 4, 92 + 4))).isTrue();
        // reversed, the same cells are red
        BufferedImage reversed = ConfusionDiffChart.render(b, a, "A minus B");
        assertThat(isBlue(reversed.getRGB(96 + 4, 92 + 4))).isFalse();
        int red = reversed.getRGB(96 + 4, 92 + 4);
        assertThat((red >> 16) & 0xFF).isGreaterThan(red & 0xFF);
        // an unchanged cell is white
        assertThat(image.getRGB(96 + 5 * 56 + 4, 92 + 4) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    private static boolean isBlue(int rgb) {
        return (rgb & 0xFF) > ((rgb >> 16) & 0xFF) + 40;
    }

    @Test
    void galleryShowsCaptionedDigitsAndCountsTheRest() throws IOException {
        DigitGallery gallery = new DigitGallery("misclassified test digits", 24);
        for (int i = 0; i < 30; i++) {
            int label = test.label(i);
            boolean drawn = gallery.add(test.images()[i], DigitGallery.misclassified(label, (label + 3) % 10, 0.5f + i / 70f));
            assertThat(drawn).isEqualTo(i < 24);
        }
        assertThat(gallery.size()).isEqualTo(24);
        assertThat(gallery.offered()).isEqualTo(30);
        Path png = OUT.resolve("misclassified.png");
        gallery.write(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(10 * 136);
        assertThat(image.getHeight()).isEqualTo(40 + 3 * (112 + 26) + 8);
        // the first digit's tile has dark ink on a white background
        assertThat(image.getRGB(5, 45) & 0xFF).isEqualTo(255);
        assertThat(darkPixels(image, 12, 40, 112, 112)).isGreaterThan(200);
    }

    @Test
    void captionsAndEmptyGallery() {
        assertThat(DigitGallery.misclassified(4, 9, 0.8712f)).isEqualTo("true 4 -> 9 (0.87)");
        BufferedImage empty = new DigitGallery("misclassified", 10).render();
        assertThat(empty.getWidth()).isPositive();
        float[] floats = new float[784];
        floats[400] = 1f;
        DigitGallery g = new DigitGallery("x", 1);
        assertThat(g.add(floats, "one pixel")).isTrue();
        assertThat(g.render().getHeight()).isEqualTo(40 + 138 + 8);
    }

    private static int darkPixels(BufferedImage image, int x0, int y0, int w, int h) {
        int dark = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if ((image.getRGB(x, y) & 0xFF) < 100) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
