package io.digits.command;

import io.digits.core.kafka.KafkaClientProperties;
import io.digits.core.kafka.KafkaClients;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap} option of every command that talks to a given Kafka cluster (a picocli mixin), and
 * the {@link KafkaClients} built from it: the bootstrap servers from the flag, else {@code DIGITS_BOOTSTRAP}, else
 * {@code KAFKA_BOOTSTRAP_SERVERS}, else {@code localhost:9092}, over any {@code KAFKA_*} variable.
 */
public final class KafkaOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:DIGITS_BOOTSTRAP:-${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}}",
            description = "Kafka bootstrap servers (env DIGITS_BOOTSTRAP or KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrap;

    public String bootstrap() {
        return bootstrap;
    }

    /** The clients of this command: the {@code KAFKA_*} variables of this process under the bootstrap servers. */
    public KafkaClients clients() {
        return clients(System.getenv());
    }

    /** The clients for the {@code KAFKA_*} entries of {@code env} under the bootstrap servers. */
    public KafkaClients clients(Map<String, String> env) {
        return new KafkaClients(bootstrap, KafkaClientProperties.fromEnv(env));
    }
}
