package io.digits.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void mapsKafkaVariablesToClientProperties() {
        Properties props = KafkaClientProperties.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "KAFKA_", "ignored: no name",
                "DIGITS_INPUT_TOPIC", "not a Kafka property",
                "PATH", "/usr/bin"));
        assertThat(props).containsOnly(
                Map.entry("bootstrap.servers", "broker:9092"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"));
        assertThat(KafkaClientProperties.propertyName("KAFKA_MAX_POLL_RECORDS")).isEqualTo("max.poll.records");
    }

    @Test
    void secretsNeverReachTheDescription() {
        Properties props = KafkaClientProperties.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"app\" password=\"hunter2\";",
                "KAFKA_SSL_KEYSTORE_PASSWORD", "ks-secret",
                "KAFKA_SSL_KEY_PASSWORD", "key-secret",
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "ts-secret",
                "KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL", "https://idp/token",
                "KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS", "x.Y"));
        String described = KafkaClientProperties.describe(props);
        assertThat(described).doesNotContain("hunter2", "ks-secret", "key-secret", "ts-secret")
                .contains("bootstrap.servers=broker:9092", "sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]",
                        "ssl.keystore.password=[hidden]", "ssl.truststore.password=[hidden]",
                        "sasl.client.callback.handler.class=x.Y");
        assertThat(KafkaClientProperties.isSecret("basic.auth.user.info")).isTrue();
        assertThat(KafkaClientProperties.isSecret("bootstrap.servers")).isFalse();
        assertThat(KafkaClientProperties.isSecret("ssl.keystore.key")).isTrue();
    }
}
