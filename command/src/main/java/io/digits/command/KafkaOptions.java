package io.digits.command;

import java.util.Map;
import io.digits.core.kafka.KafkaClientProperties;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap} option of every command that talks to a given Kafka cluster (a picocli mixin), and
 * the client properties built from it: the command's own settings, then any {@code KAFKA_*} variable (so
 * security and tuning need no code change), then the bootstrap servers from the flag, else
 * {@code DIGITS_BOOTSTRAP}, else {@code KAFKA_BOOTSTRAP_SERVERS}, else {@code localhost:9092}.
 */
public final class KafkaOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:DIGITS_BOOTSTRAP:-${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}}",
            description = "Kafka bootstrap servers (env DIGITS_BOOTSTRAP or KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrap;

    public String bootstrap() {
        return bootstrap;
    }

    /** {@code settings}, overridden by the {@code KAFKA_*} variables of {@code env}, with the bootstrap servers. */
    public Properties clientProperties(Properties settings, Map<String, String> env) {
        Properties props = new Properties();
        props.putAll(settings);
        props.putAll(KafkaClientProperties.fromEnv(env));
        props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }
}
