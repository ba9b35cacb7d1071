package io.digits.core.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics that do not exist yet: the one way every command ({@code serve}, {@code produce}) creates its
 * topics, usually with a {@link TopicLayout}. A topic another client created meanwhile counts as existing. Every
 * failure is an {@link IllegalStateException} of one line that names the cluster or the topic, and the reason.
 */
public final class TopicCreation {
    /** How long to wait for the cluster, unless {@code KAFKA_DEFAULT_API_TIMEOUT_MS} says otherwise. */
    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    private TopicCreation() {
    }

    /**
     * Creates whichever of {@code topics} are missing, with an admin client of its own.
     *
     * @return the names of the topics created
     * @throws IllegalStateException one line: the cluster is unreachable, or a topic cannot be created
     */
    public static List<String> createMissing(KafkaClients clients, Collection<NewTopic> topics) {
        Map<String, Integer> defaults = Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_TIMEOUT_MS);
        long timeoutMs = Long.parseLong(clients.adminConfig(defaults, Map.of())
                .get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG).toString());
        // int-typed settings: the admin client refuses a Long
        try (Admin admin = clients.admin(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs)),
                Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeoutMs, 10_000))))) {
            return createMissing(admin, clients.bootstrapServers(), topics, timeoutMs);
        }
    }

    /**
     * Creates whichever of {@code topics} are missing, with {@code admin}.
     *
     * @param bootstrapServers for the message when the cluster does not answer
     * @param timeoutMs        how long to wait for each answer
     * @return the names of the topics created
     * @throws IllegalStateException one line: the cluster is unreachable, or a topic cannot be created
     */
    public static List<String> createMissing(Admin admin, String bootstrapServers, Collection<NewTopic> topics,
                                             long timeoutMs) {
        try {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " within "
                        + timeoutMs / 1000 + " s: " + cause(e), e);
            }
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            admin.createTopics(missing).values().forEach((topic, future) -> {
                try {
                    future.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
                    created.add(topic);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException a) {
                        throw new KafkaAuthorization.Refused("not authorized: this client's principal lacks Create on Topic "
                                + topic + " (the topic is missing or it may not Describe it; create the topic beforehand or grant"
                                + " the ACL; " + a.getClass().getSimpleName() + "; see SECURITY.md)", topic, e);
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + ": " + cause(e), e);
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("cannot create topic " + topic + " within " + timeoutMs / 1000 + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + topic, e);
                }
            });
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrapServers, e);
        }
    }

    private static String cause(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
