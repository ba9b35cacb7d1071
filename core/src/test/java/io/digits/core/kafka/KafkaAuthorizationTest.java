package io.digits.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaAuthorizationTest {
    private static final KafkaAuthorization.Access CLASSIFIER = new KafkaAuthorization.Access("User:c",
            Map.of("in", "Read", "out", "Write"), "app-", "app", "app-");

    @Test
    void namesTheOperationTheComponentNeedsOnTheRefusedResource() {
        assertThat(KafkaAuthorization.describe(new TopicAuthorizationException(Set.of("out")), CLASSIFIER))
                .isEqualTo("not authorized: User:c lacks Write on Topic out (TopicAuthorizationException; see SECURITY.md)");
        assertThat(KafkaAuthorization.describe(new TopicAuthorizationException(Set.of("app-store-changelog")), CLASSIFIER))
                .startsWith("not authorized: User:c lacks Create, Read, Write on Topic prefix app- (internal topic app-store-changelog)");
        assertThat(KafkaAuthorization.describe(GroupAuthorizationException.forGroupId("app"), CLASSIFIER))
                .startsWith("not authorized: User:c lacks Read on Group app (");
        assertThat(KafkaAuthorization.describe(new TransactionalIdAuthorizationException("no"), CLASSIFIER))
                .startsWith("not authorized: User:c lacks Write on TransactionalId prefix app- (");
    }

    @Test
    void findsTheRefusalInACauseChainAndThePrincipalInTheJaasLine() {
        KafkaException wrapped = new KafkaException("task failed", new KafkaException(new TopicAuthorizationException(Set.of("in"))));
        assertThat(KafkaAuthorization.find(wrapped)).get().isInstanceOf(TopicAuthorizationException.class);
        assertThat(KafkaAuthorization.find(new KafkaException("other"))).isEmpty();
        Properties p = new Properties();
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"digits-trainer\" password=\"x\";");
        assertThat(KafkaAuthorization.principal(new KafkaClients("localhost:9092", p))).isEqualTo("User:digits-trainer");
        assertThat(KafkaAuthorization.principal(new KafkaClients("localhost:9092", new Properties()))).isEqualTo("this client's principal");
    }

    @Test
    void overMtlsNamesTheCertificatesSubject(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("client.p12");
        keytool("-genkeypair", "-alias", "c", "-keyalg", "EC", "-dname", "CN=digits-producer", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit");
        String pem = keytool("-exportcert", "-rfc", "-alias", "c", "-keystore", store.toString(), "-storepass", "changeit");
        Properties p = new Properties();
        p.put("security.protocol", "SSL");
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.certificate.chain", pem);

        assertThat(KafkaAuthorization.principal(new KafkaClients("localhost:9093", p)))
                .isEqualTo("the certificate CN=digits-producer");
        p.put("ssl.keystore.certificate.chain", "not a certificate");
        assertThat(KafkaAuthorization.principal(new KafkaClients("localhost:9093", p))).isEqualTo("this client's principal");
    }

    private static String keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
