package io.digits.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageKeysTest {
    @Test
    void idx_keys_are_zero_padded_and_zero_based() {
        assertThat(ImageKeys.idx("mnist-test", 42)).isEqualTo("mnist-test-00042");
        assertThat(ImageKeys.idx("mnist-train", 59_999)).isEqualTo("mnist-train-59999");
        assertThat(ImageKeys.idx("big", 123_456)).isEqualTo("big-123456");
        assertThatThrownBy(() -> ImageKeys.idx("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csv_keys_are_file_name_and_one_based_row_and_read_back() {
        assertThat(ImageKeys.csvRow("test.csv", 42)).isEqualTo("test.csv:42");
        assertThat(ImageKeys.parseCsvRow("test.csv:42")).contains(new ImageKeys.CsvRow("test.csv", 42));
        assertThat(ImageKeys.parseCsvRow(ImageKeys.csvRow("my digits.csv", 28_000)))
                .contains(new ImageKeys.CsvRow("my digits.csv", 28_000));
        assertThatThrownBy(() -> ImageKeys.csvRow("test.csv", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void other_keys_are_not_csv_rows() {
        assertThat(ImageKeys.parseCsvRow("mnist-test-00042")).isEmpty();
        assertThat(ImageKeys.parseCsvRow("scans/7/a.png")).isEmpty();
        assertThat(ImageKeys.parseCsvRow("dir/test.csv:4")).isEmpty();
        assertThat(ImageKeys.parseCsvRow("test.csv:0")).isEmpty();
        assertThat(ImageKeys.parseCsvRow("test.csv:")).isEmpty();
        assertThat(ImageKeys.parseCsvRow("test.csv:99999999999")).isEmpty();
        assertThat(ImageKeys.parseCsvRow(null)).isEmpty();
    }
}
