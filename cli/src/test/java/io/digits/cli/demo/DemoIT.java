package io.digits.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.record.Json;
import io.digits.kafka.EmbeddedKafka;
import io.digits.trainer.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end: embedded broker, the real service, a really trained model, real MNIST. */
class DemoIT {
    private static final int IMAGES = 1_000;
    private static final int BAD = 7;

    @TempDir
    Path output;

    @Test
    @Timeout(600)
    void accountsForEveryRecordAndMatchesTheOfflineAccuracy() throws Exception {
        TestModels.trained();
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        DemoOptions options = new DemoOptions(IMAGES, BAD, Optional.empty(), TestModels.registryFolder(), output, 0, 1,
                Duration.ofMinutes(5));

        DemoReport report = new Demo(new PrintStream(status, true, StandardCharsets.UTF_8)).run(options, false);

        assertThat(report.images()).isEqualTo(IMAGES);
        assertThat(report.predictions()).isEqualTo(IMAGES);
        assertThat(report.deadLetters()).isEqualTo(BAD);
        assertThat(report.accountedFor()).isTrue();
        assertThat(report.deadLetterReasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(BAD);
        assertThat(report.deadLetterReasons()).doesNotContainKey("unknown");
        assertThat(report.accuracyMatches()).isTrue();
        assertThat(report.accuracy()).isEqualTo(report.offlineAccuracy()).isGreaterThanOrEqualTo(TestModels.MIN_ACCURACY);
        assertThat(report.imagesPerSecond()).isPositive();
        assertThat(report.latencyMs().p50()).isPositive().isLessThanOrEqualTo(report.latencyMs().p95());
        assertThat(report.latencyMs().p95()).isLessThanOrEqualTo(report.latencyMs().p99());
        assertThat(report.modelVersion()).isEqualTo(TestModels.trained().version());
        assertThat(report.trainedFirst()).isFalse();
        for (String picture : report.pictures().values()) {
            BufferedImage image = ImageIO.read(Path.of(picture).toFile());
            assertThat(image).as(picture).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(200);
        }
        assertThat(status.toString(StandardCharsets.UTF_8)).contains("classification service ready");

        JsonNode json = Json.mapper().readTree(report.toJson());
        for (String field : List.of("images", "injectedBad", "predictions", "deadLetters", "accuracy", "offlineAccuracy",
                "accuracyMatches", "imagesPerSecond", "latencyMs", "modelVersion", "pictures", "accountedFor")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("latencyMs").fieldNames()).toIterable().containsExactly("p50", "p95", "p99");
        assertThat(json.get("predictions").asLong()).isEqualTo(IMAGES);
        assertThat(json.get("accuracyMatches").asBoolean()).isTrue();
    }

    /**
     * {@code --bootstrap} of a cluster that demands SASL: only the {@code KAFKA_*} settings get the service, the sender
     * and the scorer in (the demo once gave them the bootstrap address alone).
     */
    @Test
    @Timeout(600)
    void reachesASecuredClusterWithTheKafkaSettingsItIsGiven() throws Exception {
        TestModels.trained();
        String listener = "SECURE";
        Map<String, String> broker = Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.secure.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_demo=\"demo-secret\";");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.ANY_PORT, broker,
                List.of(new EmbeddedKafka.Listener(listener, "SASL_PLAINTEXT")))) {
            KafkaClients secured = KafkaClients.fromEnv(kafka.bootstrapServers(listener)).withPassthrough(Map.of(
                    "security.protocol", "SASL_PLAINTEXT",
                    "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " username=\"demo\" password=\"demo-secret\";"));
            DemoOptions options = new DemoOptions(200, 2, Optional.of(secured), TestModels.registryFolder(),
                    output, 0, 1, Duration.ofMinutes(3));

            DemoReport report = new Demo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(options, false);

            assertThat(report.predictions()).isEqualTo(200);
            assertThat(report.deadLetters()).isEqualTo(2);
            assertThat(report.accountedFor()).isTrue();
            assertThat(report.bootstrap()).isEqualTo(kafka.bootstrapServers(listener));
        }
    }
}
