package io.digits.cli.demo;

import io.digits.core.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What one demo run does.
 *
 * @param images      how many MNIST test images to stream (1..10,000)
 * @param injectBad   how many corrupt records to add, so the dead-letter path shows
 * @param cluster     an existing cluster to use instead of the embedded broker, with its {@code KAFKA_*} settings
 * @param registry    the model registry folder; the quick profile is trained into it when it is empty
 * @param output      where the pictures go
 * @param httpPort    the streams app's metrics and health port (0: any free port)
 * @param streamThreads stream threads of the classification service
 * @param timeout     how long to wait for every record to be accounted for
 */
public record DemoOptions(int images, int injectBad, Optional<KafkaClients> cluster, Path registry, Path output,
                          int httpPort, int streamThreads, Duration timeout) {
    public static final int MNIST_TEST_IMAGES = 10_000;

    public DemoOptions {
        if (images < 1 || images > MNIST_TEST_IMAGES) {
            throw new IllegalArgumentException("--images must be 1.." + MNIST_TEST_IMAGES + ", was " + images);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + streamThreads);
        }
        if (injectBad < 0) {
            throw new IllegalArgumentException("--inject-bad must be >= 0, was " + injectBad);
        }
    }

    /** Records that go in: the images and the corrupt ones. */
    public long recordsIn() {
        return (long) images + injectBad;
    }
}
