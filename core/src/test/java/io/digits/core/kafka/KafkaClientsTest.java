package io.digits.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The one order every client of the project is configured in: defaults < KAFKA_* < named options < forced. */
class KafkaClientsTest {
    private static final Map<String, String> ENV = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
            "KAFKA_LINGER_MS", "50",
            "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "KAFKA_ISOLATION_LEVEL", "read_uncommitted",
            "KAFKA_COMMIT_INTERVAL_MS", "10");
    private final KafkaClients clients = new KafkaClients("named:9092", KafkaClientProperties.fromEnv(ENV));

    @Test
    void defaultsThenEnvironmentThenNamedOptionsThenWhatTheComponentForces() {
        Properties producer = clients.producerConfig(
                Map.of("linger.ms", "20", "compression.type", "lz4"), Map.of("client.id", "forced"));
        assertThat(producer)
                .containsEntry("compression.type", "lz4")      // a default nobody overrides
                .containsEntry("linger.ms", "50")              // KAFKA_* over the default
                .containsEntry("bootstrap.servers", "named:9092") // --bootstrap over KAFKA_BOOTSTRAP_SERVERS
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "forced");

        Properties consumer = clients.consumerConfig(Map.of(), Map.of("isolation.level", "read_committed"));
        assertThat(consumer).containsEntry("isolation.level", "read_committed"); // forced over KAFKA_*
    }

    @Test
    void eachClientGetsOnlyThePassthroughItKnowsWhileStreamsGetsItAll() {
        assertThat(clients.producerConfig(Map.of(), Map.of())).doesNotContainKeys("commit.interval.ms", "isolation.level");
        assertThat(clients.adminConfig(Map.of(), Map.of())).doesNotContainKeys("linger.ms", "commit.interval.ms")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(clients.streamsConfig(Map.of("commit.interval.ms", "100"), Map.of()))
                .containsEntry("commit.interval.ms", "10").containsEntry("linger.ms", "50");
    }

    @Test
    void describesWithoutSecretsAndRefusesNoBootstrap() {
        KafkaClients secured = clients.withPassthrough(Map.of("sasl.jaas.config", "... password=\"hunter2\";"));
        assertThat(secured.describe()).contains("named:9092", "sasl.jaas.config=[hidden]").doesNotContain("hunter2");
        assertThat(clients.describe()).doesNotContain("hunter2");
        assertThatThrownBy(() -> new KafkaClients(" ", new Properties())).hasMessageContaining("bootstrap");
    }
}
