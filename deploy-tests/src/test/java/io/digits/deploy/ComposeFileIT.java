package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.streams.ServeConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml} is a valid Compose file (Debian's docker-compose says so) and agrees with the
 * Dockerfile, the app, {@code prometheus/prometheus.yml} and {@code grafana/}.
 */
class ComposeFileIT {
    private final ComposeFile compose = ComposeFile.load();

    @Test
    void isAValidComposeFile() {
        var result = ExternalTool.DOCKER_COMPOSE.run(Repo.root(), Duration.ofMinutes(1), "-f", ComposeFile.PATH, "config");
        assertThat(result.successfulOutput()).contains("services:");
        assertThat(result.stderr()).as("docker-compose warnings").isBlank();
    }

    @Test
    void prometheusConfigIsValid() {
        ExternalTool.PROMTOOL.run(Repo.root(), Duration.ofMinutes(1), "check", "config", "prometheus/prometheus.yml")
                .successfulOutput();
    }

    @Test
    void projectServicesBuildTheirOwnDockerfileTargetAsNonRootImages() {
        Dockerfile dockerfile = Dockerfile.load();
        for (String deployable : DeploymentNames.DEPLOYABLES) {
            JsonNode service = compose.service(deployable);
            assertThat(service.path("build").path("target").asText()).as(deployable).isEqualTo(deployable);
            assertThat(service.path("build").path("context").asText()).as(deployable).isEqualTo(".");
            assertThat(service.path("image").asText()).as(deployable).startsWith(DeploymentNames.IMAGE_PREFIX + deployable + ":");
            assertThat(service.has("user")).as(deployable + " runs as the image's non-root user").isFalse();
            assertThat(dockerfile.targets()).contains(deployable);
        }
        assertThat(compose.digitsImages().keySet()).containsExactlyInAnyOrderElementsOf(
                DeploymentNames.DEPLOYABLES.stream().map(d -> DeploymentNames.IMAGE_PREFIX + d).toList());
    }

    @Test
    void projectServicesRunTheirImagesCommandsWithVariablesTheyRead() {
        for (String deployable : DeploymentNames.DEPLOYABLES) {
            LauncherCommands.assertRuns(ComposeFile.PATH + " " + deployable, deployable, compose.command(deployable),
                    compose.environment(deployable).keySet());
        }
    }

    @Test
    void kafkaIsTheOfficialImageAtTheAppsVersionAndTopicInitCreatesCoresTopics() {
        assertThat(compose.service("kafka").path("image").asText()).isEqualTo("apache/kafka:" + KafkaNames.kafkaVersion());
        assertThat(compose.service("topic-init").path("image").asText()).isEqualTo("apache/kafka:" + KafkaNames.kafkaVersion());
        Map<String, String> env = compose.environment("topic-init");
        assertThat(Arrays.asList(env.get("TOPICS").split("\\s+"))).containsExactlyInAnyOrderElementsOf(KafkaNames.RECORD_TOPICS);
        assertThat(env.get("COMPACTED_TOPICS")).isEqualTo(KafkaNames.COMPACTED_TOPIC);
        assertThat(compose.environment("streams-app")).containsEntry("DIGITS_PARTITIONS", env.get("PARTITIONS"));
        for (String deployable : DeploymentNames.DEPLOYABLES) {
            assertThat(compose.environment(deployable)).as(deployable).containsEntry("DIGITS_BOOTSTRAP", "kafka:9092");
        }
        assertThat(compose.environment("kafka")).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092,HOST://localhost:9094");
    }

    @Test
    void prometheusScrapesEveryClassifierReplicaOnItsPort() {
        String port = compose.environment("streams-app").get("DIGITS_PORT");
        assertThat(port).isEqualTo(String.valueOf(ServeConfig.DEFAULT_HTTP_PORT));
        assertThat(compose.service("streams-app").path("expose")).extracting(JsonNode::asText).containsExactly(port);
        assertThat(compose.service("streams-app").has("ports")).as("no host port, so it scales").isFalse();
        assertThat(compose.service("streams-app").has("container_name")).as("no fixed name, so it scales").isFalse();
        JsonNode job = Repo.yaml("prometheus/prometheus.yml").path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        JsonNode dns = job.path("dns_sd_configs").get(0);
        assertThat(dns.path("names")).extracting(JsonNode::asText).containsExactly("streams-app");
        assertThat(dns.path("port").asText()).isEqualTo(port);
        assertThat(compose.service("prometheus").path("volumes")).extracting(JsonNode::asText)
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void noModelsVolumeIsShared() {
        // models travel through Kafka: the trainer publishes to digits.models, each classifier caches in a tmpfs
        assertThat(compose.root().path("volumes").has("models")).as("no models volume").isFalse();
        for (String deployable : DeploymentNames.DEPLOYABLES) {
            assertThat(texts(compose.service(deployable).path("volumes"))).as(deployable)
                    .noneMatch(v -> v.contains("/var/lib/digits/models"));
        }
        assertThat(texts(compose.service("streams-app").path("tmpfs"))).contains("/var/lib/digits/models");
        assertThat(compose.command("trainer")).contains("--publish");
    }

    @Test
    void grafanaIsProvisionedWithTheDatasourceTheDashboardUses() {
        List<String> volumes = texts(compose.service("grafana").path("volumes"));
        assertThat(volumes).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/dashboards:/var/lib/grafana/dashboards:ro");
        JsonNode datasource = Repo.yaml("grafana/provisioning/datasources/prometheus.yml").path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(compose.service("prometheus").path("ports")).extracting(JsonNode::asText).contains("9090:9090");
        JsonNode provider = Repo.yaml("grafana/provisioning/dashboards/digits.yml").path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        Dashboard dashboard = Dashboard.load();
        assertThat(dashboard.datasourceUids()).containsOnly(datasource.path("uid").asText());
        assertThat(compose.environment("grafana")).containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH",
                "/var/lib/grafana/dashboards/" + Dashboard.FILE_NAME);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
