package io.digits.trainer;

import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import io.digits.mnist.MnistDataset;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Builds the evaluation sets beyond MNIST's test set, deterministically from a seed (same seed, same machine
 * fonts: same bytes). Every image travels as a user's would: drawn as a picture, encoded as PNG (or JPEG),
 * and put through {@link MnistPreprocessor#preprocess}, the pipeline's own preprocessing.
 *
 * <ul>
 *   <li>{@code mnist-png}: the control, {@link #DEFAULT_PER_SET} MNIST test digits as clean 56x56 scans (ink on
 *       white paper), nothing degraded: what the picture path alone costs</li>
 *   <li>{@code downsample-8}, {@code downsample-16}: the same digits shrunk to 8x8 / 16x16 (area average) and
 *       enlarged back, a low-resolution scan</li>
 *   <li>{@code blur}: Gaussian blur, sigma 1 px of the 28x28 digit (out of focus)</li>
 *   <li>{@code thick}: strokes dilated by 1 px on each side (3x3 maximum at 28x28: a felt pen)</li>
 *   <li>{@code thin}: strokes eroded by half a pixel on each side (3x3 minimum at 56x56: a fine pen)</li>
 *   <li>{@code low-contrast}: gray paper (170), ink only 48 levels darker, Gaussian noise of 4 levels</li>
 *   <li>{@code jpeg}: the 56x56 scan as a JPEG at quality {@value #JPEG_QUALITY}</li>
 *   <li>{@code fonts}: printed digits, every family {@link FontDigits} keeps, {@value #FONT_VARIANTS} drawings
 *       per family and digit drawn from sizes 12/20/40 px x plain/bold x rotation -8/0/8 degrees (1,200 images
 *       from 30 families on the development machine; left out when no family is usable)</li>
 *   <li>{@code uci-8x8}: real handwriting of 43 writers outside MNIST, the UCI "optical recognition of
 *       handwritten digits" set (1,797 digits, 8x8 counts 0..16) as Debian's python3-sklearn ships it,
 *       enlarged to 32x32 (bilinear); left out when the file is missing</li>
 * </ul>
 * The MNIST-derived sets use the same {@code perSet} test digits, drawn by the seed.
 */
final class OodSets {
    static final long DEFAULT_SEED = 20_261_127L;
    static final int DEFAULT_PER_SET = 1000;
    static final float JPEG_QUALITY = 0.2f;
    static final int FONT_VARIANTS = 4;
    static final Path UCI_DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");
    private static final int SIDE = MnistPreprocessor.SIDE;
    private static final int SCAN = 2 * SIDE;

    private final MnistPreprocessor preprocessor = new MnistPreprocessor();
    private final long seed;

    private OodSets(long seed) {
        this.seed = seed;
    }

    /** Every set, with the default seed and size. */
    static List<OodSet> build(MnistDataset test) throws IOException {
        return build(test, DEFAULT_SEED, DEFAULT_PER_SET, UCI_DIGITS);
    }

    static List<OodSet> build(MnistDataset test, long seed, int perSet, Path uciDigits) throws IOException {
        OodSets sets = new OodSets(seed);
        int[] sample = sets.sample(test.size(), perSet);
        List<OodSet> all = new ArrayList<>();
        all.add(sets.scans(test, sample, "mnist-png", "MNIST test digits as clean 56x56 PNG scans (control)",
                (grid, random) -> grid, false));
        all.add(sets.scans(test, sample, "downsample-8", "shrunk to 8x8 and enlarged back",
                (grid, random) -> Degradations.downAndUp(grid, SIDE, 8), false));
        all.add(sets.scans(test, sample, "downsample-16", "shrunk to 16x16 and enlarged back",
                (grid, random) -> Degradations.downAndUp(grid, SIDE, 16), false));
        all.add(sets.scans(test, sample, "blur", "Gaussian blur, sigma 1 px",
                (grid, random) -> Degradations.blur(grid, SIDE, 1.0), false));
        all.add(sets.scans(test, sample, "thick", "strokes dilated 1 px each side",
                (grid, random) -> Degradations.morph(grid, SIDE, true, 1), false));
        all.add(sets.scans(test, sample, "thin", "strokes eroded 0.5 px each side",
                (grid, random) -> Degradations.morph(grid, SIDE, false, 2), false));
        all.add(sets.lowContrast(test, sample));
        all.add(sets.scans(test, sample, "jpeg", "56x56 scan as JPEG, quality " + JPEG_QUALITY,
                (grid, random) -> grid, true));
        List<String> families = FontDigits.usableFamilies();
        if (!families.isEmpty()) {
            all.add(sets.fonts(families));
        }
        if (Files.isReadable(uciDigits)) {
            all.add(sets.uci(uciDigits));
        }
        return all;
    }

    /** {@code n} distinct indices of {@code size}, drawn by the seed. */
    private int[] sample(int size, int n) {
        List<Integer> indices = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        return indices.subList(0, Math.min(n, size)).stream().mapToInt(Integer::intValue).toArray();
    }

    private interface Degradation {
        float[] apply(float[] grid, Random random);
    }

    private Random random(String set) {
        return new Random(seed * 1_000_003L + set.hashCode());
    }

    private OodSet scans(MnistDataset test, int[] sample, String name, String description, Degradation degradation,
                         boolean jpeg) {
        Random random = random(name);
        Collector out = new Collector(name, description);
        for (int index : sample) {
            float[] grid = degradation.apply(Degradations.ink(test.images()[index]), random);
            float[] scan = Degradations.resize(grid, SIDE, SIDE, SCAN, SCAN);
            BufferedImage picture = gray(Degradations.inkOnPaper(scan), SCAN);
            out.add(jpeg ? jpeg(picture, JPEG_QUALITY) : png(picture), test.label(index));
        }
        return out.set(List.of());
    }

    private OodSet lowContrast(MnistDataset test, int[] sample) {
        String name = "low-contrast";
        Random random = random(name);
        Collector out = new Collector(name, "gray paper 170, ink 48 levels darker, noise sigma 4");
        for (int index : sample) {
            float[] scan = Degradations.resize(Degradations.ink(test.images()[index]), SIDE, SIDE, SCAN, SCAN);
            out.add(png(gray(Degradations.faintScan(scan, 170, 48, 4.0, random), SCAN)), test.label(index));
        }
        return out.set(List.of());
    }

    private OodSet fonts(List<String> families) {
        String name = "fonts";
        Random random = random(name);
        int[] sizes = {12, 20, 40};
        int[] styles = {Font.PLAIN, Font.BOLD};
        int[] angles = {-8, 0, 8};
        Collector out = new Collector(name, families.size() + " font families x " + FONT_VARIANTS
                + " of (12/20/40 px, plain/bold, -8/0/8 deg) per digit");
        for (String family : families) {
            for (int digit = 0; digit < 10; digit++) {
                List<Integer> variants = new ArrayList<>();
                for (int v = 0; v < sizes.length * styles.length * angles.length; v++) {
                    variants.add(v);
                }
                Collections.shuffle(variants, random);
                for (int v : variants.subList(0, FONT_VARIANTS)) {
                    int size = sizes[v % sizes.length];
                    int style = styles[(v / sizes.length) % styles.length];
                    int angle = angles[v / (sizes.length * styles.length)];
                    out.add(png(FontDigits.draw(new Font(family, style, size), (char) ('0' + digit), angle)), digit);
                }
            }
        }
        return out.set(families);
    }

    private OodSet uci(Path file) throws IOException {
        Collector out = new Collector("uci-8x8", "UCI optical recognition of handwritten digits (43 writers), "
                + "8x8 counts enlarged to 32x32");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length != 65) {
                    throw new IOException(file + ": a line of " + fields.length + " values, expected 64 + label");
                }
                float[] grid = new float[64];
                for (int i = 0; i < 64; i++) {
                    grid[i] = Float.parseFloat(fields[i].trim()) / 16f;
                }
                int label = (int) Float.parseFloat(fields[64].trim());
                float[] big = Degradations.resize(grid, 8, 8, 32, 32);
                out.add(png(gray(Degradations.inkOnPaper(big), 32)), label);
            }
        }
        return out.set(List.of(file.toString()));
    }

    /** Preprocesses pictures as they come and keeps the inputs. */
    private final class Collector {
        private final String name;
        private final String description;
        private final List<float[]> images = new ArrayList<>();
        private final List<Integer> labels = new ArrayList<>();
        private int rejected;

        Collector(String name, String description) {
            this.name = name;
            this.description = description;
        }

        void add(byte[] picture, int label) {
            try {
                images.add(preprocessor.preprocess(picture, Optional.empty()));
                labels.add(label);
            } catch (ImageRejectedException e) {
                rejected++;
            }
        }

        OodSet set(List<String> sources) {
            return new OodSet(name, description, images.toArray(new float[0][]),
                    labels.stream().mapToInt(Integer::intValue).toArray(), rejected, sources);
        }
    }

    static BufferedImage gray(int[] levels, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < levels.length; i++) {
            data[i] = (byte) levels[i];
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
