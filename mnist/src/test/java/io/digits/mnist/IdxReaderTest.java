package io.digits.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idx reader on the real MNIST files, gzip copies, truncated copies and wrong magic numbers. */
class IdxReaderTest {
    private static final MnistFiles MNIST = MnistFiles.defaultLocation();
    @TempDir
    Path dir;

    private static Path real(String name) throws IOException {
        MNIST.ensure();
        return MNIST.folder().resolve(name);
    }

    @Test
    void readsTheRealTestAndTrainingSets() throws IOException {
        MnistDataset test = MNIST.test();
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.images()[0]).hasSize(784);
        // the first test digits are 7, 2, 1, 0, 4 (LeCun's page shows them)
        assertThat(Arrays.copyOf(test.labels(), 5)).containsExactly(7, 2, 1, 0, 4);
        int[] perDigit = new int[10];
        for (byte label : test.labels()) {
            perDigit[label]++;
        }
        assertThat(perDigit).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(MNIST.train().size()).isEqualTo(60_000);
    }

    @Test
    void readsGzipCompressedCopiesIdentically() throws IOException {
        Path images = gzip(real(MnistFiles.TEST_IMAGES), dir.resolve("t10k-images-idx3-ubyte.gz"));
        Path labels = gzip(real(MnistFiles.TEST_LABELS), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        MnistDataset fromGzip = IdxReader.read("gz", images, labels);
        MnistDataset raw = MNIST.test();
        assertThat(fromGzip.labels()).isEqualTo(raw.labels());
        for (int i = 0; i < raw.size(); i += 97) {
            assertThat(fromGzip.images()[i]).isEqualTo(raw.images()[i]);
        }
    }

    @Test
    void truncatedCopiesNameTheFileAndWhereTheyEnd() throws IOException {
        Path header = truncated(real(MnistFiles.TEST_IMAGES), 10, "header-cut");
        assertThatThrownBy(() -> IdxReader.readImages(header)).isInstanceOf(DataFormatException.class)
                .hasMessage(header + ": truncated header");
        Path images = truncated(real(MnistFiles.TEST_IMAGES), 16 + 784 * 500 + 100, "images-cut");
        assertThatThrownBy(() -> IdxReader.readImages(images)).isInstanceOf(DataFormatException.class)
                .hasMessage(images + ": truncated in image 500 of 10000");
        Path labels = truncated(real(MnistFiles.TEST_LABELS), 8 + 9_000, "labels-cut");
        assertThatThrownBy(() -> IdxReader.readLabels(labels)).isInstanceOf(DataFormatException.class)
                .hasMessage(labels + ": truncated in labels (9000 of 10000)");

        Path gz = gzip(real(MnistFiles.TEST_IMAGES), dir.resolve("images.gz"));
        Path gzCut = truncated(gz, (int) Files.size(gz) / 3, "images-gz-cut");
        assertThatThrownBy(() -> IdxReader.readImages(gzCut)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(gzCut + ": truncated in image ");
        Path gzBroken = Files.write(dir.resolve("broken.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        assertThatThrownBy(() -> IdxReader.readImages(gzBroken)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(gzBroken + ": broken gzip header");
    }

    @Test
    void wrongMagicNumbersAndShapesAreRefused() throws IOException {
        Path labels = real(MnistFiles.TEST_LABELS);
        assertThatThrownBy(() -> IdxReader.readImages(labels)).isInstanceOf(DataFormatException.class)
                .hasMessage(labels + ": not an idx image file (magic 0x00000801, expected 0x00000803)");
        Path images = real(MnistFiles.TEST_IMAGES);
        assertThatThrownBy(() -> IdxReader.readLabels(images)).isInstanceOf(DataFormatException.class)
                .hasMessage(images + ": not an idx label file (magic 0x00000803, expected 0x00000801)");
        Path gzLabels = gzip(labels, dir.resolve("labels.gz"));
        assertThatThrownBy(() -> IdxReader.readImages(gzLabels)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("not an idx image file");
        Path csv = Files.writeString(dir.resolve("train.csv"), "label,pixel0,pixel1\n");
        assertThatThrownBy(() -> IdxReader.readImages(csv)).hasMessageStartingWith(csv + ": not an idx image file");

        Path shape = Files.write(dir.resolve("32x32"), ByteBuffer.allocate(16).putInt(0x803).putInt(1).putInt(32).putInt(32).array());
        assertThatThrownBy(() -> IdxReader.readImages(shape)).hasMessage(shape + ": expected 28x28 images, header says 1 of 32x32");
        // a garbled count fails as truncated, it does not try to allocate 2^31 images
        Path huge = Files.write(dir.resolve("huge"), ByteBuffer.allocate(16 + 784).putInt(0x803).putInt(Integer.MAX_VALUE)
                .putInt(28).putInt(28).array());
        assertThatThrownBy(() -> IdxReader.readImages(huge)).hasMessage(huge + ": truncated in image 1 of 2147483647");
        Path notDigits = Files.write(dir.resolve("labels"), ByteBuffer.allocate(10).putInt(0x801).putInt(2).put((byte) 3)
                .put((byte) 12).array());
        assertThatThrownBy(() -> IdxReader.readLabels(notDigits)).hasMessage(notDigits + ": label 1 is 12, not a digit");
    }

    @Test
    void imagesAndLabelsMustAgreeInNumber() throws IOException {
        Path images = real(MnistFiles.TEST_IMAGES);
        Path labels = real(MnistFiles.TRAIN_LABELS);
        assertThatThrownBy(() -> IdxReader.read("mixed", images, labels)).isInstanceOf(DataFormatException.class)
                .hasMessage(images + " has 10000 images but " + labels + " has 60000 labels");
    }

    private Path truncated(Path file, int length, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(dir.resolve(name), Arrays.copyOf(bytes, length));
    }

    private static Path gzip(Path file, Path into) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(into))) {
            Files.copy(file, out);
        }
        return into;
    }
}
