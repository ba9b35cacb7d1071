package io.digits.deploy;

import java.util.List;

/**
 * The names the deployment files share that the app does not define: the project's image names (the
 * Dockerfile's targets) and the Kubernetes object names the manifests refer to each other by.
 */
final class DeploymentNames {
    static final String IMAGE_PREFIX = "digits/";
    /** The deployables: Dockerfile target, image {@code digits/<name>}, container, workload and compose service. */
    static final List<String> DEPLOYABLES = List.of("streams-app", "trainer", "producer");
    static final String CLASSIFIER = "streams-app";
    static final String KAFKA_CONFIG_MAP = "digits-kafka";
    static final String KAFKA_CREDENTIALS_SECRET = "digits-kafka-credentials";

    private DeploymentNames() {
    }
}
