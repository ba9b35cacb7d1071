package io.digits.producer;

import io.digits.command.CommandLines;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.kafka.TopicCreation;
import io.digits.core.kafka.TopicLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a command starts, that Kafka answers and a topic exists with a leader for every
 * partition, so a wrong address or topic name is one clear line in seconds instead of a client
 * waiting out its timeouts. A topic created a moment ago may not have reached the broker's metadata
 * yet: a missing topic or leader is asked about again for a few seconds before it counts. A command that
 * writes ({@code produce}) may have the topic created when it is missing.
 */
final class BrokerCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final long RETRY_MS = 200;

    private BrokerCheck() {
    }

    /**
     * @param clients the cluster and its security settings
     * @param topic   the topic that must exist, or null to check only that Kafka answers
     * @throws IllegalStateException naming the address or the topic
     */
    static void check(KafkaClients clients, String topic) {
        check(clients, topic, null);
    }

    /**
     * Like {@link #check(KafkaClients, String)}, but creates {@code topic} with {@code layout} first when it is
     * missing ({@link TopicCreation}, as {@code serve} creates its topics).
     *
     * @param layout the partitions and replication of the topic if it has to be created, or null to create nothing
     * @return whether the topic was created
     * @throws IllegalStateException naming the address or the topic, and why
     */
    static boolean check(KafkaClients clients, String topic, TopicLayout layout) {
        String timeout = Long.toString(TIMEOUT.toMillis());
        String bootstrap = clients.bootstrapServers();
        try (Admin admin = clients.admin(Map.of(), Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout))) {
            admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (topic == null) {
                return false;
            }
            boolean created = layout != null && !TopicCreation.createMissing(admin, bootstrap,
                    List.of(layout.newTopic(topic)), TIMEOUT.toMillis()).isEmpty();
            long giveUp = System.nanoTime() + GRACE.toNanos();
            while (true) {
                String problem = topicProblem(admin, topic);
                if (problem == null) {
                    return created;
                }
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("topic " + topic + " " + problem + " on Kafka at " + bootstrap);
                }
                Thread.sleep(RETRY_MS);
            }
        } catch (ExecutionException e) {
            var refused = io.digits.core.kafka.KafkaAuthorization.find(e);
            if (refused.isPresent()) {
                throw new io.digits.core.kafka.KafkaAuthorization.Refused(refused.get(), io.digits.core.kafka.KafkaAuthorization.Access
                        .topics(io.digits.core.kafka.KafkaAuthorization.principal(clients), topic == null ? Map.of() : Map.of(topic, "Write")));
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noAnswer(bootstrap, e); // the admin client gave up first
            }
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + CommandLines.oneLine(e), e);
        } catch (TimeoutException e) {
            throw noAnswer(bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka at " + bootstrap, e);
        }
    }

    private static IllegalStateException noAnswer(String bootstrap, Exception e) {
        return new IllegalStateException("cannot reach Kafka at " + bootstrap + " (no answer in "
                + TIMEOUT.toSeconds() + " s; is it running?)", e);
    }

    /** What is wrong with the topic, or null when it is ready to write to and read from. */
    private static String topicProblem(Admin admin, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return "does not exist";
            }
            throw e;
        }
        if (description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
            return "has partitions without a leader";
        }
        return null;
    }
}
