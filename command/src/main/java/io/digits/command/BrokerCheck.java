package io.digits.command;

import io.digits.core.kafka.KafkaAuthorization;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.kafka.TopicCreation;
import io.digits.core.kafka.TopicLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before a command starts, that Kafka answers and a topic exists with a leader for every
 * partition and that this principal may do there what the command does (read or write), so a wrong address,
 * topic name or missing ACL is one clear line in seconds instead of a client waiting out its timeouts or
 * failing record by record. A topic created a moment ago may not have reached the broker's metadata
 * yet: a missing topic or leader is asked about again for a few seconds before it counts. A command that
 * writes ({@code produce}) may have the topic created when it is missing.
 */
public final class BrokerCheck {
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    public static final Duration GRACE = Duration.ofSeconds(5);
    private static final long RETRY_MS = 200;

    private BrokerCheck() {
    }

    /**
     * @param clients   the cluster and its security settings
     * @param topic     the topic that must exist, or null to check only that Kafka answers
     * @param operation what the command does on the topic ({@code READ} or {@code WRITE}), which its ACLs must allow
     * @throws IllegalStateException naming the address or the topic
     */
    public static void check(KafkaClients clients, String topic, AclOperation operation) {
        check(clients, topic, operation, null);
    }

    /**
     * Like {@link #check(KafkaClients, String, AclOperation)}, but creates {@code topic} with {@code layout} first
     * when it is missing ({@link TopicCreation}, as {@code serve} creates its topics).
     *
     * @param layout the partitions and replication of the topic if it has to be created, or null to create nothing
     * @return whether the topic was created
     * @throws IllegalStateException naming the address or the topic, and why
     */
    public static boolean check(KafkaClients clients, String topic, AclOperation operation, TopicLayout layout) {
        KafkaAuthorization.Access access = KafkaAuthorization.Access.topics(KafkaAuthorization.principal(clients),
                topic == null ? Map.of() : Map.of(topic, aclName(operation)));
        String timeout = Long.toString(TIMEOUT.toMillis());
        String bootstrap = clients.bootstrapServers();
        try (Admin admin = clients.admin(Map.of(), Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout))) {
            admin.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (topic == null) {
                return false;
            }
            boolean created;
            try {
                created = layout != null && !TopicCreation.createMissing(admin, bootstrap,
                        List.of(layout.newTopic(topic)), TIMEOUT.toMillis()).isEmpty();
            } catch (KafkaAuthorization.Refused e) { // most likely there, but invisible to this principal
                throw new KafkaAuthorization.Refused(KafkaAuthorization.invisibleTopic(e, access), e);
            }
            long giveUp = System.nanoTime() + GRACE.toNanos();
            while (true) {
                String problem = topicProblem(admin, topic, operation, access);
                if (problem == null) {
                    return created;
                }
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("topic " + topic + " " + problem + " on Kafka at " + bootstrap);
                }
                Thread.sleep(RETRY_MS);
            }
        } catch (ExecutionException e) {
            var refused = KafkaAuthorization.find(e);
            if (refused.isPresent()) {
                throw new KafkaAuthorization.Refused(refused.get(), access);
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

    /**
     * What is wrong with the topic, or null when it is ready for {@code operation}. A principal that may see the
     * topic but not {@code operation} it (Read without Write, say) is refused here, by the operations the broker
     * says it authorizes, rather than by every record it would send.
     */
    private static String topicProblem(Admin admin, String topic, AclOperation operation,
                                       KafkaAuthorization.Access access)
            throws ExecutionException, TimeoutException, InterruptedException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic), new DescribeTopicsOptions()
                            .includeAuthorizedOperations(true)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return "does not exist";
            }
            throw e;
        }
        Set<AclOperation> allowed = description.authorizedOperations();
        if (allowed != null && !allowed.contains(operation) && !allowed.contains(AclOperation.ALL)) {
            throw new KafkaAuthorization.Refused(new TopicAuthorizationException(Set.of(topic)), access);
        }
        if (description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
            return "has partitions without a leader";
        }
        return null;
    }

    /** {@code WRITE} as an ACL is spelled in SECURITY.md and in the refusal line: {@code Write}. */
    static String aclName(AclOperation operation) {
        String name = operation.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
