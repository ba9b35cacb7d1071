package io.digits.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.model.ModelRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SharedOptionsTest {
    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        RegistryOptions models;

        @Override
        public void run() {
        }
    }

    @Test
    void theFlagsReachTheMixins() {
        Probe probe = new Probe();
        CommandLines.of(probe).parseArgs("--bootstrap", "kafka-1:9093", "--registry", "/srv/models", "--model-name", "mnist-b");

        assertThat(probe.kafka.bootstrap()).isEqualTo("kafka-1:9093");
        assertThat(probe.models.registry()).isEqualTo(Path.of("/srv/models"));
        assertThat(probe.models.modelName()).isEqualTo("mnist-b");
    }

    @Test
    void withoutFlagsTheRegistryIsModelsAndTheNameTheDefault() {
        Probe probe = new Probe();
        CommandLines.of(probe).parseArgs();

        assertThat(probe.models.registry()).isEqualTo(Path.of(System.getenv().getOrDefault("DIGITS_REGISTRY", "models")));
        assertThat(probe.models.modelName())
                .isEqualTo(System.getenv().getOrDefault("DIGITS_MODEL_NAME", ModelRegistry.DEFAULT_NAME));
    }

    @Test
    void aModelNameTheRegistryCannotHoldIsAOneLineUsageError() {
        for (String name : new String[] {"../elsewhere", "a/b", ".hidden", ""}) {
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cl = CommandLines.of(new Probe());
            cl.setErr(new java.io.PrintWriter(err));

            assertThat(cl.execute("--model-name", name)).as(name).isEqualTo(CommandLines.USAGE_ERROR);
            assertThat(err.toString().strip()).as(name).doesNotContain("\n")
                    .startsWith("probe: --model-name: a model name is 1-100 letters");
        }
    }

    @Test
    void kafkaVariablesOverrideTheCommandsSettingsAndTheFlagOverridesTheBootstrapVariable() {
        Probe probe = new Probe();
        CommandLines.of(probe).parseArgs("--bootstrap", "kafka-1:9093");
        Properties settings = new Properties();
        settings.setProperty("linger.ms", "5");
        settings.setProperty("acks", "all");

        Properties client = probe.kafka.clients(Map.of(
                "KAFKA_LINGER_MS", "20", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_BOOTSTRAP_SERVERS", "other:9092"))
                .producerConfig(settings, Map.of());

        assertThat(client).containsOnly(Map.entry("linger.ms", "20"), Map.entry("acks", "all"),
                Map.entry("security.protocol", "SASL_SSL"), Map.entry("bootstrap.servers", "kafka-1:9093"));
        assertThat(settings).containsEntry("linger.ms", "5");
    }
}
