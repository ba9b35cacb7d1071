package io.digits.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

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
}
