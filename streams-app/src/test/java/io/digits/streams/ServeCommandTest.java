package io.digits.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.command.CommandLines;
import io.digits.core.image.ImageLimits;
import io.digits.core.model.ModelRegistry;
import io.digits.streams.deadletter.DeadLetterProcessingHandler;
import io.digits.streams.metrics.ServingMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path folder;

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServeCommand command = new ServeCommand();
        CommandLines.of(command).parseArgs();
        ServeConfig config = command.config();
        ServeConfig defaults = ServeConfig.builder(config.bootstrapServers(), config.registry()).build();
        assertThat(config.topics()).isEqualTo(TopicNames.DEFAULT);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.reviewThreshold()).isEqualTo(0.9);
        assertThat(config.processingGuarantee()).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.imageLimits()).isEqualTo(ImageLimits.DEFAULT);
        assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.batchSize()).isEqualTo(ServeConfig.DEFAULT_BATCH_SIZE);
        assertThat(config.batchLinger()).isEqualTo(ServeConfig.DEFAULT_BATCH_LINGER);
        assertThat(config.partitions()).isEqualTo(defaults.partitions());
        assertThat(config.modelPollInterval()).isEqualTo(defaults.modelPollInterval());
        assertThat(config.applicationId()).isEqualTo(defaults.applicationId());
        assertThat(config.modelName()).isEqualTo(ModelRegistry.DEFAULT_NAME);
        assertThat(config.pinnedVersion()).isNull();
        assertThat(config.replicationFactor()).isNull();
    }

    @Test
    void theLatencyBudgetSetsTheLingerUnlessTheLingerIsGivenAndIsCheckedInOneLine() {
        ServeCommand budget = new ServeCommand();
        CommandLines.of(budget).parseArgs("--latency-budget", "40");
        assertThat(budget.config().latencyBudget()).isEqualTo(LatencyBudget.ofMillis(40));
        assertThat(budget.config().batchLinger()).isEqualTo(java.time.Duration.ofMillis(4));
        assertThat(budget.config().streamsProperties(ServingMetrics.unregistered()))
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L);

        ServeCommand both = new ServeCommand();
        CommandLines.of(both).parseArgs("--latency-budget", "40", "--batch-linger-ms", "9");
        assertThat(both.config().batchLinger()).isEqualTo(java.time.Duration.ofMillis(9));

        ServeCommand tooTight = new ServeCommand();
        CommandLines.of(tooTight).parseArgs("--latency-budget", "5");
        assertThatThrownBy(tooTight::config).isInstanceOf(CommandLines.UsageError.class)
                .hasMessage("the latency budget must be at least 10 ms, was 5 ms");
    }

    @Test
    void flagsSetTheStreamsConfiguration() {
        ServeCommand command = new ServeCommand();
        CommandLines.of(command).parseArgs("--bootstrap", "kafka:9093", "--threads", "4",
                "--processing-guarantee", "at_least_once", "--review-threshold", "0.75", "--model-version", "v7",
                "--dead-letters-topic", "dlq", "--shadow-predictions-topic", "shadow");
        ServeConfig config = command.config();
        Properties props = config.streamsProperties(ServingMetrics.unregistered());
        assertThat(props.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka:9093");
        assertThat(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(4);
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
        assertThat(props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("dlq");
        assertThat(props.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterProcessingHandler.class);
        assertThat(config.reviewThreshold()).isEqualTo(0.75);
        assertThat(config.pinnedVersion()).isEqualTo("v7");
        assertThat(config.topics().shadowPredictions()).isEqualTo("shadow");
    }

    @Test
    void passthroughPropertiesReachKafkaButSecretsNeverTheLog() {
        Properties kafka = new Properties();
        kafka.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";");
        kafka.put("security.protocol", "SASL_SSL");
        ServeConfig config = ServeConfig.builder("b:9092", folder).kafka(kafka).build();
        assertThat(config.streamsProperties(ServingMetrics.unregistered())).containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.clients().adminConfig(Map.of(), Map.of())).containsEntry("sasl.jaas.config", kafka.get("sasl.jaas.config"))
                .containsEntry(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092");
        assertThat(config.describe()).contains("security.protocol=SASL_SSL").doesNotContain("s3cret");
    }

    @Test
    void aBadValueIsAOneLineUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.of(new ServeCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--review-threshold", "1.5")).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("review threshold must be within 0..1");
    }

    @Test
    void noModelInTheRegistryAndNoClusterIsAOneLineErrorAndExitCodeOne() {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.of(new ServeCommand());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--registry", folder.resolve("empty").toString(), "--port", "0", "--bootstrap", "localhost:1");
        assertThat(code).isEqualTo(CommandLines.FAILURE);
        // the live model would come from the models topic: the unreachable cluster is what is said
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("serve: cannot reach Kafka at localhost:1");
    }

    @Test
    void anUnreachableClusterIsOneLine() {
        Properties kafka = new Properties();
        kafka.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        ServeConfig config = ServeConfig.builder("localhost:1", folder).kafka(kafka).build();
        assertThatThrownBy(() -> MissingTopics.create(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach Kafka at localhost:1 within 2 s")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
