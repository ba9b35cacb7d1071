package io.digits.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.core.record.ContentType;
import io.digits.mnist.DataFormatException;
import io.digits.mnist.MnistDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaggleCsvSourceTest {
    @TempDir
    Path dir;

    @Test
    void unlabelled_rows_become_raw_images_keyed_by_file_name_and_image_id() throws IOException {
        Path csv = KaggleCsvFiles.write(dir.resolve("test.csv"), 5, false);
        KaggleCsvSource source = KaggleCsvSource.of(csv);

        List<SourceItem> items = IdxSourceTest.all(source);

        assertThat(source.labelled()).isFalse();
        assertThat(source.size()).hasValue(5);
        assertThat(items).extracting(i -> ((SourceItem.Image) i).key())
                .containsExactly("test.csv:1", "test.csv:2", "test.csv:3", "test.csv:4", "test.csv:5");
        SourceItem.Image third = (SourceItem.Image) items.get(2);
        assertThat(third.bytes()).isEqualTo(MnistPictures.test().images()[2]);
        assertThat(third.contentType()).isEqualTo(ContentType.MNIST_784);
        assertThat(third.label()).isEmpty();
    }

    @Test
    void labelled_rows_carry_their_label() throws IOException {
        Path csv = KaggleCsvFiles.write(dir.resolve("train.csv"), 3, true);
        MnistDataset mnist = MnistPictures.test();

        List<SourceItem> items = IdxSourceTest.all(KaggleCsvSource.of(csv));

        assertThat(items).extracting(i -> ((SourceItem.Image) i).label().orElseThrow())
                .containsExactly(mnist.label(0), mnist.label(1), mnist.label(2));
    }

    @Test
    void bad_rows_are_bad_inputs_naming_file_and_line_and_keep_their_image_id() throws IOException {
        String tooFew = "0,".repeat(782) + "0";
        String outOfRange = "256," + "0,".repeat(782) + "0";
        String notANumber = "x," + "0,".repeat(782) + "0";
        Path csv = KaggleCsvFiles.write(dir.resolve("test.csv"), 6, false,
                Map.of(2, tooFew, 4, outOfRange, 5, notANumber));

        List<SourceItem> items = IdxSourceTest.all(KaggleCsvSource.of(csv));

        assertThat(items).extracting(Object::toString).containsExactly(
                "Image[key=test.csv:1, 784 bytes, application/x-mnist-784]",
                "test.csv line 3: expected 784 fields, got 783",
                "Image[key=test.csv:3, 784 bytes, application/x-mnist-784]",
                "test.csv line 5: pixel0 is 256, not in 0..255",
                "test.csv line 6: pixel0 is 'x', not a number",
                "Image[key=test.csv:6, 784 bytes, application/x-mnist-784]");
    }

    @Test
    void a_file_that_is_not_a_kaggle_csv_is_refused_with_its_name() throws IOException {
        Path csv = Files.writeString(dir.resolve("other.csv"), "a,b,c\n1,2,3\n");
        assertThatThrownBy(() -> KaggleCsvSource.of(csv)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("other.csv").hasMessageContaining("not a Kaggle digits CSV");
    }
}
