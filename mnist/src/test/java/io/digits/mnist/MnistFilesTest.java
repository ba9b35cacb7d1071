package io.digits.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFilesTest {
    @TempDir
    Path dir;

    @Test
    void ensureDoesNothingWhenTheFilesAreValid() throws IOException {
        MnistFiles mnist = MnistFiles.defaultLocation();
        mnist.ensure(); // fetches on a fresh machine
        assertThat(mnist.valid()).isTrue();
        assertThat(mnist.ensure()).as("second call fetches nothing").isFalse();
        assertThat(MnistFiles.expectedChecksums()).containsOnlyKeys(MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS,
                MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS);
    }

    @Test
    void aCorruptedOrMissingCopyIsNotValid() throws IOException {
        MnistFiles real = MnistFiles.defaultLocation();
        real.ensure();
        for (String name : MnistFiles.expectedChecksums().keySet()) {
            Files.createSymbolicLink(dir.resolve(name), real.folder().resolve(name));
        }
        MnistFiles copy = new MnistFiles(dir);
        assertThat(copy.valid()).isTrue();

        Path labels = dir.resolve(MnistFiles.TEST_LABELS);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[5000] ^= 1;
        Files.delete(labels);
        Files.write(labels, bytes);
        assertThat(copy.valid()).as("one flipped bit").isFalse();

        Files.delete(labels);
        assertThat(copy.valid()).as("a missing file").isFalse();
    }
}
