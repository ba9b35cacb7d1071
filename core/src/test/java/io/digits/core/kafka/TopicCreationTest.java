package io.digits.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.core.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class TopicCreationTest {
    @Test
    void anUnreachableClusterIsOneLineNamingItAndTheWait() {
        Properties env = new Properties();
        env.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1000");
        KafkaClients clients = new KafkaClients("localhost:1", env);

        assertThatThrownBy(() -> TopicCreation.createMissing(clients, List.of(TopicLayout.DEFAULT.newTopic("t"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach Kafka at localhost:1 within 1 s")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theDefaultLayoutIsSixPartitionsAndTheBrokersReplication() {
        var topic = TopicLayout.DEFAULT.newTopic("images");

        assertThat(topic.numPartitions()).isEqualTo(Topics.DEFAULT_PARTITIONS).isEqualTo(6);
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(TopicLayout.DEFAULT.describe()).isEqualTo("6 partitions, replication broker default");
        assertThat(new TopicLayout(1, (short) 3).describe()).isEqualTo("1 partition, replication 3");
        assertThat(new TopicLayout(2, (short) 3).newTopic("x").replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void partitionsAndReplicationBelowOneAreRefused() {
        assertThatThrownBy(() -> new TopicLayout(0, null)).hasMessage("partitions must be at least 1, was 0");
        assertThatThrownBy(() -> new TopicLayout(1, (short) 0)).hasMessage("replication factor must be at least 1, was 0");
        assertThat(new TopicLayout(3, null).withPartitions(1)).isEqualTo(new TopicLayout(1, null));
    }
}
