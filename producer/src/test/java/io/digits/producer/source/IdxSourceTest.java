package io.digits.producer.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.record.ContentType;
import io.digits.mnist.MnistFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdxSourceTest {
    static List<SourceItem> all(ImageSource source) throws IOException {
        List<SourceItem> items = new ArrayList<>();
        try (ImageSource.Cursor cursor = source.open()) {
            for (SourceItem item = cursor.next(); item != null; item = cursor.next()) {
                items.add(item);
            }
        }
        return items;
    }

    @Test
    void yields_every_mnist_test_image_with_its_key_label_and_raw_content_type() throws IOException {
        IdxSource source = new IdxSource(MnistPictures.test());
        List<SourceItem> items = all(source);

        assertThat(source.size()).hasValue(10_000);
        assertThat(items).hasSize(10_000);
        SourceItem.Image first = (SourceItem.Image) items.get(0);
        assertThat(first.key()).isEqualTo("mnist-test-00000");
        assertThat(first.contentType()).isEqualTo(ContentType.MNIST_784);
        assertThat(first.bytes()).hasSize(784);
        assertThat(first.label()).contains(7); // the first MNIST test digit is a 7
        assertThat(((SourceItem.Image) items.get(42)).key()).isEqualTo("mnist-test-00042");
        assertThat(items.stream().map(i -> ((SourceItem.Image) i).key()).distinct()).hasSize(10_000);
    }

    @Test
    void every_pass_yields_the_same_keys_in_the_same_order() throws IOException {
        IdxSource source = new IdxSource(MnistPictures.test().limit(50));
        assertThat(all(source)).isEqualTo(all(source));
    }

    @Test
    void idx_file_finds_its_labels_file_by_mnist_naming_and_keys_by_file_name() throws IOException {
        var folder = MnistFiles.defaultLocation().folder();
        IdxSource source = IdxSource.fromFiles(folder.resolve(MnistFiles.TEST_IMAGES), null);
        SourceItem.Image first = (SourceItem.Image) source.open().next();
        assertThat(first.key()).isEqualTo("t10k-images-idx3-ubyte-00000");
        assertThat(first.label()).contains(7);
        assertThat(IdxSource.siblingLabels(folder.resolve(MnistFiles.TRAIN_IMAGES)))
                .contains(folder.resolve(MnistFiles.TRAIN_LABELS));
    }
}
