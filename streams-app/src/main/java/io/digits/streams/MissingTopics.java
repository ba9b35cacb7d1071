package io.digits.streams;

import io.digits.core.kafka.TopicCreation;
import io.digits.core.kafka.TopicLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the service's topics that do not exist yet, and says in one line when the cluster cannot be reached. */
public final class MissingTopics {
    private static final Logger log = LoggerFactory.getLogger(MissingTopics.class);

    private MissingTopics() {
    }

    /**
     * Creates whichever of {@code config}'s topics are missing (the models topic compacted, one partition).
     *
     * @return the topics created
     * @throws IllegalStateException one line: the cluster is unreachable, or a topic cannot be created
     */
    public static List<String> create(ServeConfig config) {
        TopicLayout layout = config.topicLayout();
        List<NewTopic> topics = new ArrayList<>();
        config.topics().recordTopics().forEach(topic -> topics.add(layout.newTopic(topic)));
        topics.add(layout.withPartitions(1).newTopic(config.topics().models())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        List<String> created = TopicCreation.createMissing(config.clients(), topics);
        if (!created.isEmpty()) {
            log.info("created topics {} ({})", created, layout.describe());
        }
        return created;
    }
}
