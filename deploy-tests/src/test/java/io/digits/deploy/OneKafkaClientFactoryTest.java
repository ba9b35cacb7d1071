package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client in main code is built by {@code io.digits.core.kafka.KafkaClients}, so every one of them sees
 * defaults, {@code KAFKA_*}, the named options and what the component forces in the same order. Kafka Streams takes
 * its properties from the same factory ({@code ServeConfig.streamsProperties}). The embedded broker's own admin
 * client, which only talks to the broker it started, is the one exception.
 */
class OneKafkaClientFactoryTest {
    private static final Pattern CLIENT = Pattern.compile(
            "new KafkaProducer<|new KafkaConsumer<|Admin\\.create\\(|AdminClient\\.create\\(|new KafkaProducer\\(|new KafkaConsumer\\(");
    private static final Path FACTORY = Path.of("core/src/main/java/io/digits/core/kafka/KafkaClients.java");
    private static final Path EMBEDDED_BROKER = Path.of("kafka-embedded");

    @Test
    void noMainCodeBuildsAKafkaClientOutsideTheFactory() throws IOException {
        Path root = Repo.root();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .map(root::relativize)
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f -> !f.equals(FACTORY) && !f.startsWith(EMBEDDED_BROKER))
                    .filter(f -> CLIENT.matcher(read(root.resolve(f))).find())
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).as("main code that builds a Kafka client itself").isEmpty();
        assertThat(read(root.resolve(FACTORY))).containsPattern(CLIENT);
        assertThat(read(root.resolve("streams-app/src/main/java/io/digits/streams/ServeConfig.java")))
                .contains("clients().streamsConfig(");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
