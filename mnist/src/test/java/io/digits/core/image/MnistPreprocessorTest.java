package io.digits.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.digits.core.record.ContentType;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preprocessing on real MNIST test digits.
 *
 * <p>Error bound for pictures: the mean absolute pixel error (0..1 scale) between the preprocessed picture
 * and the normalised original. Drawing a digit at 200x200 (bilinear) and shrinking it back (area
 * averaging) blurs it: even perfectly aligned, that round trip alone costs 0.020 on average over the
 * first 1000 test digits. Cropping on the enlarged grid may also shift the digit by up to half an
 * output pixel. Measured over the first 500 test digits: mean 0.029-0.031, worst single digit 0.095 for
 * PNG and JPEG, inverted or not. The bounds below, 0.035 on average and 0.12 for any digit, leave room
 * for JPEG encoder differences, not for a wrong scale or a shift of a whole pixel (which cost ~0.1).
 */
class MnistPreprocessorTest {
    private static final double MEAN_ERROR_BOUND = 0.035;
    private static final double WORST_ERROR_BOUND = 0.12;
    private static final int SAMPLE = 500;
    private static MnistDataset test;
    private final MnistPreprocessor preprocessor = new MnistPreprocessor();

    @BeforeAll
    static void data() throws IOException {
        test = MnistFiles.defaultLocation().test();
    }

    @Test
    void rawBytesGiveExactlyTheNormalisedOriginal() throws ImageRejectedException {
        int exact = 0;
        for (int i = 0; i < test.size(); i++) {
            byte[] raw = test.images()[i];
            float[] expected = new float[784];
            for (int p = 0; p < 784; p++) {
                expected[p] = (raw[p] & 0xFF) / 255f;
            }
            if (Arrays.equals(preprocessor.preprocess(raw, Optional.empty()), expected)
                    && Arrays.equals(preprocessor.preprocess(raw, Optional.of("application/x-mnist-784")), expected)) {
                exact++;
            }
        }
        assertThat(exact).as("images preprocessed to exactly pixel / 255").isEqualTo(test.size());
    }

    @Test
    void a28PixelGrayPngOfAnMnistDigitComesBackAlmostUnchanged() throws Exception {
        double[] errors = errors(i -> grayPng(test.images()[i]), 1000);
        // the box and the centre of mass are MNIST's own, so most digits come back exactly
        assertThat(mean(errors)).isLessThan(0.002);
        assertThat(median(errors)).isLessThan(1e-6);
    }

    @Test
    void a200PixelInvertedPngComesBackWithinTheBound() throws Exception {
        DigitPicture picture = DigitPicture.of(200).inverted();
        assertWithinBound(errors(i -> picture.encode(test.images()[i], ContentType.PNG), SAMPLE));
    }

    @Test
    void a200PixelJpegComesBackWithinTheBound() throws Exception {
        DigitPicture picture = DigitPicture.of(200);
        assertWithinBound(errors(i -> picture.encode(test.images()[i], ContentType.JPEG), SAMPLE));
        DigitPicture scan = DigitPicture.of(200).inverted();
        assertWithinBound(errors(i -> scan.encode(test.images()[i], ContentType.JPEG), SAMPLE / 5));
    }

    @Test
    void bmpAndGifAreAcceptedToo() throws Exception {
        DigitPicture picture = DigitPicture.of(84).inverted();
        assertWithinBound(errors(i -> picture.encode(test.images()[i], ContentType.BMP), 50));
        assertWithinBound(errors(i -> picture.encode(test.images()[i], ContentType.GIF), 50));
    }

    @Test
    void anOffCentreDigitInALargeCanvasIsCentred() throws Exception {
        int[][] places = {{500, 20}, {0, 0}, {20, 360}, {270, 190}};
        double[] errors = new double[40];
        for (int i = 0; i < errors.length; i++) {
            int[] at = places[i % places.length];
            byte[] png = DigitPicture.of(110).on(640, 480, at[0], at[1]).inverted().encode(test.images()[i], ContentType.PNG);
            float[] out = preprocessor.preprocess(png, Optional.of("image/png"));
            double[] centre = centreOfMass(out);
            assertThat(centre[0]).as("x centre of digit %d at %s", i, Arrays.toString(at)).isBetween(13.5, 14.5);
            assertThat(centre[1]).as("y centre of digit %d at %s", i, Arrays.toString(at)).isBetween(13.5, 14.5);
            errors[i] = meanAbsoluteError(out, MnistPreprocessor.normalise(test.images()[i]));
        }
        assertWithinBound(errors);
    }

    @Test
    void transparentBackgroundCountsAsPaper() throws Exception {
        BufferedImage ink = DigitPicture.of(112).inverted().render(test.images()[0]);
        BufferedImage transparent = new BufferedImage(112, 112, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 112; x++) {
                int darkness = 255 - (ink.getRGB(x, y) & 0xFF);
                transparent.setRGB(x, y, darkness << 24); // black ink, opacity = darkness
            }
        }
        float[] out = preprocessor.preprocess(png(transparent), Optional.empty());
        assertThat(meanAbsoluteError(out, MnistPreprocessor.normalise(test.images()[0]))).isLessThan(MEAN_ERROR_BOUND);
    }

    @Test
    void blankOneByOneAndNonImagesAreRefusedWithDistinctReasons() throws IOException {
        BufferedImage white = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        assertRejected(png(white), Optional.empty(), RejectReason.NO_DIGIT);
        assertRejected(png(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY)), Optional.empty(), RejectReason.TOO_SMALL);
        assertRejected("hello, not an image".getBytes(), Optional.empty(), RejectReason.UNDECODABLE);
    }

    @Test
    void everyOtherBadInputHasItsReason() throws IOException {
        byte[] digit = test.images()[0];
        byte[] png = DigitPicture.of(56).encode(digit, ContentType.PNG);
        assertRejected(new byte[0], Optional.empty(), RejectReason.EMPTY);
        assertRejected(null, Optional.empty(), RejectReason.EMPTY);
        assertRejected(digit, Optional.of("text/plain"), RejectReason.UNKNOWN_CONTENT_TYPE);
        assertRejected(Arrays.copyOf(digit, 783), Optional.of("application/x-mnist-784"), RejectReason.WRONG_RAW_SIZE);
        assertRejected(new byte[784], Optional.empty(), RejectReason.NO_DIGIT);
        assertRejected(Arrays.copyOf(png, png.length / 2), Optional.empty(), RejectReason.UNDECODABLE);
        assertRejected(png, Optional.of("image/jpeg"), RejectReason.UNDECODABLE);
        assertRejected(png, Optional.of("image/png"), null);
        assertRejected(png, Optional.of("IMAGE/PNG; charset=binary"), null);
        assertRejected(png, Optional.of(" "), null);
        MnistPreprocessor small = new MnistPreprocessor(new ImageLimits(png.length - 1, 4_000_000));
        assertThat(catchThrowableOfType(ImageRejectedException.class, () -> small.preprocess(png, Optional.empty())))
                .hasMessage("too-many-bytes: " + png.length + " bytes, limit " + (png.length - 1));
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() throws IOException {
        byte[] bomb = zeroPng(20_000, 20_000);
        assertThat(bomb.length).isLessThan(ImageLimits.DEFAULT.maxBytes());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class,
                () -> preprocessor.preprocess(bomb, Optional.empty()));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
        assertThat(e).hasMessage("too-many-pixels: image/png of 20000x20000 = 400000000 pixels, limit 4000000");
        // decoding would need 400 MB; reading the header needs the stream buffers only
        assertThat(allocated).isLessThan(8L << 20);

    }

    @Test
    void corruptedPicturesNeverThrowAnythingButARejection() {
        byte[] png = DigitPicture.of(64).inverted().encode(test.images()[1], ContentType.PNG);
        byte[] jpeg = DigitPicture.of(64).encode(test.images()[1], ContentType.JPEG);
        byte[] gif = DigitPicture.of(64).encode(test.images()[1], ContentType.GIF);
        Random random = new Random(42);
        for (byte[] original : new byte[][] {png, jpeg, gif}) {
            for (int round = 0; round < 300; round++) {
                byte[] damaged = original.clone();
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    damaged[8 + random.nextInt(damaged.length - 8)] = (byte) random.nextInt(256);
                }
                try {
                    assertThat(preprocessor.preprocess(damaged, Optional.empty())).hasSize(784);
                } catch (ImageRejectedException e) {
                    assertThat(e.getMessage()).doesNotContain("\n");
                }
            }
        }
    }

    @Test
    void sniffsMagicNumbers() {
        byte[] digit = test.images()[0];
        assertThat(ImageSniffer.sniff(DigitPicture.of(32).encode(digit, ContentType.PNG))).contains(ContentType.PNG);
        assertThat(ImageSniffer.sniff(DigitPicture.of(32).encode(digit, ContentType.JPEG))).contains(ContentType.JPEG);
        assertThat(ImageSniffer.sniff(DigitPicture.of(32).encode(digit, ContentType.BMP))).contains(ContentType.BMP);
        assertThat(ImageSniffer.sniff(DigitPicture.of(32).encode(digit, ContentType.GIF))).contains(ContentType.GIF);
        assertThat(ImageSniffer.sniff(digit)).contains(ContentType.MNIST_784);
        byte[] startsLikeBmp = digit.clone();
        startsLikeBmp[0] = 'B';
        startsLikeBmp[1] = 'M';
        assertThat(ImageSniffer.sniff(startsLikeBmp)).contains(ContentType.MNIST_784);
        assertThat(ImageSniffer.sniff(new byte[783])).isEmpty();
        assertThat(ImageSniffer.sniff(new byte[] {(byte) 0x89, 'P'})).isEmpty();
    }

    private interface Encoder {
        byte[] encode(int index) throws IOException;
    }

    private double[] errors(Encoder encoder, int count) throws Exception {
        double[] errors = new double[count];
        for (int i = 0; i < count; i++) {
            float[] out = preprocessor.preprocess(encoder.encode(i), Optional.empty());
            errors[i] = meanAbsoluteError(out, MnistPreprocessor.normalise(test.images()[i]));
        }
        return errors;
    }

    private static void assertWithinBound(double[] errors) {
        assertThat(mean(errors)).as("mean absolute pixel error").isLessThan(MEAN_ERROR_BOUND);
        assertThat(Arrays.stream(errors).max().orElseThrow()).as("worst digit's error").isLessThan(WORST_ERROR_BOUND);
    }

    private void assertRejected(byte[] value, Optional<String> type, RejectReason reason) {
        if (reason == null) {
            assertThat(catchThrowableOfType(ImageRejectedException.class, () -> preprocessor.preprocess(value, type)))
                    .isNull();
            return;
        }
        assertThatThrownBy(() -> preprocessor.preprocess(value, type))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith(reason.code() + ": ").doesNotContain("\n");
                });
    }

    private static double meanAbsoluteError(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] centreOfMass(float[] image) {
        double mass = 0;
        double x = 0;
        double y = 0;
        for (int i = 0; i < image.length; i++) {
            mass += image[i];
            x += image[i] * (i % 28);
            y += image[i] * (i / 28);
        }
        return new double[] {x / mass, y / mass};
    }

    private static byte[] grayPng(byte[] raw) throws IOException {
        BufferedImage gray = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setDataElements(0, 0, 28, 28, raw);
        return png(gray);
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A real bomb: a valid 8-bit gray PNG of width x height black pixels, deflated to a few hundred KB. */
    private static byte[] zeroPng(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
        try (var z = new java.util.zip.DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] row = new byte[width + 1]; // filter byte 0 and a row of zeros
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
