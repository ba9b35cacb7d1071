package io.digits.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker-compose.yml}, read as plain YAML (it uses no anchors or merge keys, so what is written is what runs). */
record ComposeFile(JsonNode root) {
    static final String PATH = "docker-compose.yml";

    static ComposeFile load() {
        return new ComposeFile(Repo.yaml(PATH));
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError(PATH + " has no service " + name);
        }
        return service;
    }

    List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** {@code digits/<name>} to the full image reference, for every service that runs a project image. */
    Map<String, String> digitsImages() {
        Map<String, String> images = new LinkedHashMap<>();
        root.path("services").forEach(service -> {
            String image = service.path("image").asText();
            if (image.startsWith(DeploymentNames.IMAGE_PREFIX)) {
                images.put(image.substring(0, image.indexOf(':')), image);
            }
        });
        return images;
    }

    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        service(service).path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    List<String> command(String service) {
        List<String> command = new ArrayList<>();
        service(service).path("command").forEach(c -> command.add(c.asText()));
        return command;
    }

    /** The partition count topic-init gives the record topics. */
    int topicPartitions() {
        return Integer.parseInt(environment("topic-init").get("PARTITIONS"));
    }
}
