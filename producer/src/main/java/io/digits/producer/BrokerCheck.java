package io.digits.producer;

import io.digits.core.config.CommandLines;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a command starts, that Kafka answers and a topic exists, so a wrong address or
 * topic name is one clear line in seconds instead of a client waiting out its timeouts.
 */
final class BrokerCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private BrokerCheck() {
    }

    /**
     * @param clientProperties bootstrap servers and security settings (not a producer's or consumer's own)
     * @param topic            the topic that must exist, or null to check only that Kafka answers
     * @throws IllegalStateException naming the address or the topic
     */
    static void check(Properties clientProperties, String topic) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        String bootstrap = props.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(props)) {
            if (topic == null) {
                admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                    throw new IllegalStateException("topic " + topic + " has partitions without a leader on Kafka at "
                            + bootstrap);
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic " + topic + " does not exist on Kafka at " + bootstrap);
            }
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + CommandLines.oneLine(e), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " (no answer in "
                    + TIMEOUT.toSeconds() + " s; is it running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka at " + bootstrap, e);
        }
    }
}
