package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.core.Topics;
import io.digits.core.model.ModelRegistry;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProduceListener;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProducerSettings;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.IdxSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker whose client listener speaks SASL_SSL (SCRAM-SHA-512 over TLS with a self-signed certificate). The
 * service is configured for it only through {@code KAFKA_*} variables of its process (its own options through
 * {@code DIGITS_*} ones; no flag at all), as the prod and strimzi overlays of {@code k8s/} configure it: the
 * broker's certificate as a PEM file, the password in the JAAS line. It classifies what a producer sends over the
 * same listener, and its whole log, Kafka's configuration dumps at INFO included, never holds the password.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SecureClusterIT {
    static final int IMAGES = Integer.getInteger("secure.images", 500);
    static final String LISTENER = "SECURE";
    static final String USER = "digits-app";

    @TempDir
    Path dir;

    @Test
    void theServiceWorksOverSaslSslConfiguredOnlyByEnvironmentAndNeverLogsTheSecrets() throws Exception {
        String password = secret();
        TlsMaterial tls = TlsMaterial.create(dir, secret());
        MnistDataset images = ImageFeed.mnistTest(IMAGES);
        FixtureRegistry registry = new FixtureRegistry(dir.resolve("registry"));
        registry.publishTrained();
        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        Map<String, String> broker = new LinkedHashMap<>();
        broker.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        broker.put(prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        broker.put(prefix + "ssl.keystore.location", tls.keyStore().toString());
        broker.put(prefix + "ssl.keystore.password", tls.password());
        broker.put(prefix + "ssl.key.password", tls.password());
        broker.put(prefix + "ssl.keystore.type", "PKCS12");
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.ANY_PORT, broker,
                List.of(new EmbeddedKafka.Listener(LISTENER, "SASL_SSL")))) {
            kafka.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
            String secure = kafka.bootstrapServers(LISTENER);
            Properties client = clientSecurity(tls, jaas(USER, password));

            // the listener really demands the password
            Properties wrong = clientSecurity(tls, jaas(USER, "not-" + password));
            wrong.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secure);
            try (Admin intruder = Admin.create(wrong)) {
                assertThatThrownBy(() -> intruder.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }

            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", secure);
            env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            env.put("KAFKA_SASL_JAAS_CONFIG", jaas(USER, password));
            env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", tls.certificate().toString());
            env.put("KAFKA_STATE_DIR", dir.resolve("state").toString());
            env.put("DIGITS_REGISTRY", registry.root().toString());
            env.put("DIGITS_MODEL_NAME", ModelRegistry.DEFAULT_NAME);
            env.put("DIGITS_PARTITIONS", Integer.toString(ServiceUnderTest.PARTITIONS));
            env.put("DIGITS_APPLICATION_ID", "reliability-secure");
            Path log = dir.resolve("service.log");
            try (AppProcess app = AppProcess.start(List.of(), env, log)) {
                app.awaitReady(Duration.ofMinutes(3));
                try (Outcomes outcomes = Outcomes.of(secure, client)) {
                    Properties producerProps = ProducerSettings.tuned();
                    producerProps.putAll(client);
                    producerProps.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, secure);
                    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps,
                            new StringSerializer(), new ByteArraySerializer())) {
                        new ImageSender(producer, Topics.IMAGES, true, Ticker.SYSTEM)
                                .send(new IdxSource(images), ProducePlan.once(), ProduceListener.SILENT);
                    }
                    boolean all = outcomes.awaitDistinct(IMAGES, Duration.ofMinutes(5));
                    outcomes.drain(Duration.ofSeconds(3));
                    int exit = app.terminate(Duration.ofSeconds(90));

                    String logText = Files.readString(log);
                    List<String> leaks = List.of(password, tls.password()).stream().filter(logText::contains).toList();
                    long lines = logText.lines().count();
                    boolean sawHiddenConfig = logText.contains("sasl.jaas.config = [hidden]");
                    Set<String> lost = outcomes.withoutPrediction(ImageFeed.keys(images));
                    new Figures("security SASL_SSL")
                            .put("records", IMAGES).put("lost", lost.size()).put("duplicated", outcomes.duplicatePredictions())
                            .put("dead-lettered", outcomes.deadLetterReasons().size())
                            .put("log lines scanned", lines).put("secrets found in log", leaks.size())
                            .put("exit on SIGTERM", exit)
                            .put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).report();

                    assertThat(all).as("every image classified over SASL_SSL:\n" + app.logTail()).isTrue();
                    assertThat(lost).isEmpty();
                    assertThat(outcomes.duplicatePredictions()).isZero();
                    assertThat(sawHiddenConfig).as("the log holds Kafka's configuration dump, secrets hidden").isTrue();
                    assertThat(leaks).as("secrets in the service's log").isEmpty();
                    assertThat(exit).isZero();
                }
            }
        }
    }

    static Properties clientSecurity(TlsMaterial tls, String jaas) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas);
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.trustStore().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.password());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        return p;
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "s3cret-" + HexFormat.of().formatHex(bytes);
    }
}
