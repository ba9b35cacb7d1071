package io.digits.producer.kaggle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.mnist.DataFormatException;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kaggle CSV reader on CSVs written from real MNIST test rows, with bad rows among them. */
class KaggleCsvReaderTest {
    private static MnistDataset mnist;
    @TempDir
    Path dir;

    @BeforeAll
    static void data() throws IOException {
        mnist = MnistFiles.defaultLocation().test().limit(300);
    }

    @Test
    void readsALabelledCsvOfRealDigitsAndReportsBadRowsWithoutStopping() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(KaggleCsvReader.header(true));
        for (int i = 0; i < mnist.size(); i++) {
            lines.add(KaggleCsvWriter.row(mnist.images()[i], mnist.label(i)));
        }
        String good = lines.get(1);
        lines.set(11, good.substring(0, good.lastIndexOf(',')));              // row 11: 784 fields
        lines.set(21, good.replaceFirst(",0,", ",zero,"));                    // row 21: not a number
        lines.set(31, good.replaceFirst(",0,", ",300,"));                     // row 31: pixel over 255
        lines.set(41, good.replaceFirst(",0,", ",-1,"));                      // row 41: negative pixel
        lines.set(51, "12" + good.substring(good.indexOf(',')));              // row 51: label not a digit
        lines.set(61, good + ",0");                                           // row 61: 786 fields
        lines.add(good.substring(0, good.length() / 2));                     // a truncated last row
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);

        List<KaggleCsvReader.Image> images = new ArrayList<>();
        List<KaggleCsvReader.BadRow> bad = new ArrayList<>();
        try (KaggleCsvReader reader = KaggleCsvReader.open(csv)) {
            assertThat(reader.labelled()).isTrue();
            for (KaggleCsvReader.Row row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof KaggleCsvReader.Image image) {
                    images.add(image);
                } else {
                    bad.add((KaggleCsvReader.BadRow) row);
                }
            }
        }
        assertThat(bad).extracting(KaggleCsvReader.BadRow::toString).containsExactly(
                "train.csv line 12: expected 785 fields, got 784",
                "train.csv line 22: pixel0 is 'zero', not a number",
                "train.csv line 32: pixel0 is 300, not in 0..255",
                "train.csv line 42: pixel0 is -1, not in 0..255",
                "train.csv line 52: label is 12, not a digit 0..9",
                "train.csv line 62: expected 785 fields, got 786",
                "train.csv line 302: expected 785 fields, got " + (good.substring(0, good.length() / 2).split(",", -1).length));
        assertThat(bad).extracting(KaggleCsvReader.BadRow::row).containsExactly(11, 21, 31, 41, 51, 61, 301);
        assertThat(images).hasSize(mnist.size() - 6);
        for (KaggleCsvReader.Image image : images) {
            int i = image.row() - 1;
            assertThat(image.line()).isEqualTo(image.row() + 1);
            assertThat(image.label()).contains(mnist.label(i));
            assertThat(image.pixels()).isEqualTo(mnist.images()[i]);
        }
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBack() throws IOException {
        Path csv = dir.resolve("written.csv");
        try (KaggleCsvWriter writer = KaggleCsvWriter.create(csv, true)) {
            writer.write(mnist.images()[0], mnist.label(0));
            writer.writeLine("7,1,2,3");
            writer.write(mnist.images()[1], mnist.label(1));
        }
        try (KaggleCsvReader reader = KaggleCsvReader.open(csv)) {
            KaggleCsvReader.Image first = (KaggleCsvReader.Image) reader.next();
            assertThat(first.pixels()).isEqualTo(mnist.images()[0]);
            assertThat(first.label()).contains(mnist.label(0));
            assertThat(reader.next()).hasToString("written.csv line 3: expected 785 fields, got 4");
            KaggleCsvReader.Image third = (KaggleCsvReader.Image) reader.next();
            assertThat(third.row()).isEqualTo(3);
            assertThat(third.pixels()).isEqualTo(mnist.images()[1]);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void readsTheUnlabelledTestFormGzippedWithBlankLinesAndSpaces() throws IOException {
        Path csv = dir.resolve("test.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(csv))) {
            StringBuilder text = new StringBuilder("\uFEFF").append(KaggleCsvReader.header(false)).append("\r\n");
            for (int i = 0; i < 5; i++) {
                text.append(KaggleCsvWriter.row(mnist.images()[i], -1).replace(",", ", ")).append("\r\n\r\n");
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        try (KaggleCsvReader reader = KaggleCsvReader.open(csv)) {
            assertThat(reader.labelled()).isFalse();
            for (int i = 0; i < 5; i++) {
                KaggleCsvReader.Image image = (KaggleCsvReader.Image) reader.next();
                assertThat(image.row()).isEqualTo(i + 1);
                assertThat(image.line()).isEqualTo(2 + 2L * i);
                assertThat(image.label()).isEqualTo(Optional.empty());
                assertThat(image.pixels()).isEqualTo(mnist.images()[i]);
            }
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aFileWithoutAKaggleHeaderIsRefusedNamingTheFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        assertThatThrownBy(() -> KaggleCsvReader.open(empty)).isInstanceOf(DataFormatException.class)
                .hasMessage(empty + ": empty, expected a Kaggle digits CSV header");

        Path other = Files.writeString(dir.resolve("iris.csv"), "sepal_length,sepal_width,species\n5.1,3.5,setosa\n");
        assertThatThrownBy(() -> KaggleCsvReader.open(other)).isInstanceOf(DataFormatException.class)
                .hasMessage(other + ": not a Kaggle digits CSV, the header should be label,pixel0,...,pixel783 or"
                        + " pixel0,...,pixel783 but starts 'sepal_length,sepal_width,species'");

        Path idx = dir.resolve("images.csv");
        Files.copy(MnistFiles.defaultLocation().folder().resolve(MnistFiles.TEST_IMAGES), idx);
        assertThatThrownBy(() -> KaggleCsvReader.open(idx)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(idx + ": not a Kaggle digits CSV").hasMessageNotContaining("\n");

        Path cut = dir.resolve("cut.csv");
        Files.writeString(cut, KaggleCsvReader.header(true).substring(0, 2000));
        assertThatThrownBy(() -> KaggleCsvReader.open(cut)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cut.csv: not a Kaggle digits CSV");
    }

    @Test
    void aTruncatedGzipStopsWithAOneLineErrorNamingTheFile() throws IOException {
        StringBuilder text = new StringBuilder(KaggleCsvReader.header(true)).append('\n');
        for (int i = 0; i < mnist.size(); i++) {
            text.append(KaggleCsvWriter.row(mnist.images()[i], mnist.label(i))).append('\n');
        }
        Path gz = dir.resolve("train.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] whole = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        int rows = 0;
        try (KaggleCsvReader reader = KaggleCsvReader.open(cut)) {
            while (true) {
                KaggleCsvReader.Row row = reader.next();
                assertThat(row).isNotNull();
                rows++;
            }
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith(cut + " line ").contains("cannot read on").doesNotContain("\n");
        }
        assertThat(rows).isBetween(1, mnist.size());
    }
}
