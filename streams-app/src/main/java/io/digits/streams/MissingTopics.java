package io.digits.streams;

import io.digits.core.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the service's topics that do not exist yet, and says in one line when the cluster cannot be reached. */
public final class MissingTopics {
    private static final Logger log = LoggerFactory.getLogger(MissingTopics.class);
    private static final int DEFAULT_TIMEOUT_MS = 30_000;

    private MissingTopics() {
    }

    /**
     * Creates whichever of {@code config}'s topics are missing (the models topic compacted).
     *
     * @return the topics created
     * @throws IllegalStateException one line: the cluster is unreachable, or a topic cannot be created
     */
    public static List<String> create(ServeConfig config) {
        KafkaClients clients = config.clients();
        Properties props = clients.adminConfig(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DEFAULT_TIMEOUT_MS), Map.of());
        long timeoutMs = Long.parseLong(props.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG).toString());
        try (Admin admin = clients.admin(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs),
                Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 10_000)))) {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers() + " within "
                        + timeoutMs / 1000 + " s: " + cause(e), e);
            }
            List<NewTopic> missing = new ArrayList<>();
            Optional<Short> replication = Optional.ofNullable(config.replicationFactor());
            for (String topic : config.topics().recordTopics()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(config.partitions()), replication));
                }
            }
            if (!existing.contains(config.topics().models())) {
                missing.add(new NewTopic(config.topics().models(), Optional.of(1), replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            List<String> created = new ArrayList<>();
            admin.createTopics(missing).values().forEach((topic, future) -> {
                try {
                    future.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
                    created.add(topic);
                } catch (ExecutionException e) {
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
            if (!created.isEmpty()) {
                log.info("created topics {} ({} partitions, replication {})", created, config.partitions(),
                        replication.map(String::valueOf).orElse("broker default"));
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        }
    }

    private static String cause(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
