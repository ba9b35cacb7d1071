package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.core.model.topic.ModelTopic;
import io.digits.streams.ServeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every overlay of {@code k8s/} builds with {@code kubectl kustomize}, every resource is a valid Kubernetes
 * (or Strimzi) object, and the manifests agree with each other, with the app and with the other deployment files.
 */
class KubernetesManifestsIT {
    static final List<String> OVERLAYS = Overlay.NAMES;
    private static Map<String, Overlay> built;

    @BeforeAll
    static void buildOverlays() {
        built = OVERLAYS.stream().collect(Collectors.toMap(n -> n, Overlay::build));
    }

    static Stream<Overlay> overlays() {
        return OVERLAYS.stream().map(built::get);
    }

    @Test
    void everyOverlayIsADirectoryOfK8sOverlays() {
        try (var dirs = java.nio.file.Files.list(Repo.file("k8s/overlays"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(OVERLAYS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void isCompleteAndNamespaced(String name) {
        Overlay overlay = built.get(name);
        Set<String> kinds = overlay.resources().stream().map(HasMetadata::getKind).collect(Collectors.toSet());
        assertThat(kinds).contains("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "Job");
        assertThat(overlay.one(Job.class, "trainer")).isNotNull();
        assertThat(overlay.one(Job.class, "producer")).isNotNull();
        for (HasMetadata resource : overlay.resources()) {
            if (!(resource instanceof Namespace)) {
                assertThat(resource.getMetadata().getNamespace()).as("%s %s namespace", resource.getKind(),
                        resource.getMetadata().getName()).isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void projectContainersRunTheirOwnImageNonRootReadOnlyAndBounded(String name) {
        Overlay overlay = built.get(name);
        var containers = overlay.digitsContainers();
        assertThat(containers).extracting(e -> e.getValue().getName())
                .containsAll(DeploymentNames.DEPLOYABLES);
        overlay.podSpecs().forEach((workload, pod) -> pod.getContainers().stream()
                .filter(c -> c.getImage().startsWith(DeploymentNames.IMAGE_PREFIX))
                .forEach(c -> {
                    String where = name + " " + workload + " container " + c.getName();
                    assertThat(c.getImage()).as(where).startsWith(DeploymentNames.IMAGE_PREFIX + c.getName() + ":");
                    assertThat(DeploymentNames.DEPLOYABLES).as(where).contains(c.getName());
                    assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(where + " runAsNonRoot").isTrue();
                    assertThat(pod.getAutomountServiceAccountToken()).as(where + " service account token").isFalse();
                    var security = c.getSecurityContext();
                    assertThat(security.getReadOnlyRootFilesystem()).as(where + " read-only root").isTrue();
                    assertThat(security.getAllowPrivilegeEscalation()).as(where).isFalse();
                    assertThat(security.getCapabilities().getDrop()).as(where).containsExactly("ALL");
                    assertThat(c.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                    assertThat(c.getResources().getLimits()).as(where + " limits").containsKey("memory");
                    assertThat(c.getEnvFrom()).as(where + " Kafka settings").filteredOn(s -> s.getConfigMapRef() != null)
                            .extracting(s -> s.getConfigMapRef().getName()).anyMatch(n -> n.startsWith(DeploymentNames.KAFKA_CONFIG_MAP + "-"));
                    assertThat(c.getEnvFrom()).as(where + " Kafka credentials").filteredOn(s -> s.getSecretRef() != null)
                            .extracting(s -> s.getSecretRef().getName()).contains(DeploymentNames.KAFKA_CREDENTIALS_SECRET);
                    // writable paths are volumes: the DJL native cache and /tmp
                    assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).as(where).contains("/tmp", "/var/cache/digits");
                }));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void imageTagsAreTheComposeFilesTags(String name) {
        Map<String, String> composeImages = ComposeFile.load().digitsImages();
        for (var entry : built.get(name).digitsContainers()) {
            String image = entry.getValue().getImage();
            assertThat(image).as(name + " " + entry.getKey() + " has a tag").contains(":");
            String repository = image.substring(0, image.indexOf(':'));
            assertThat(image).as(name + " " + entry.getKey()).isEqualTo(composeImages.get(repository));
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void classifierPortProbesScrapeAndSelectorsAgree(String name) {
        Overlay overlay = built.get(name);
        Deployment deployment = overlay.one(Deployment.class, DeploymentNames.CLASSIFIER);
        var template = deployment.getSpec().getTemplate();
        Map<String, String> podLabels = template.getMetadata().getLabels();
        Container app = template.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(DeploymentNames.CLASSIFIER)).findFirst().orElseThrow();
        ContainerPort http = app.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": the classifier has no port named http"));
        int port = http.getContainerPort();
        assertThat(port).as("the app's port").isEqualTo(ServeConfig.DEFAULT_HTTP_PORT);
        assertThat(String.valueOf(port)).as("DIGITS_PORT").isEqualTo(overlay.environment(app).get("DIGITS_PORT"));
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", "/metrics");
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(app.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
        Stream.of(app.getReadinessProbe(), app.getLivenessProbe(), app.getStartupProbe())
                .forEach(p -> assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("http"));

        Service service = overlay.one(Service.class, DeploymentNames.CLASSIFIER);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(
                overlay.one(PodDisruptionBudget.class, DeploymentNames.CLASSIFIER).getSpec().getSelector().getMatchLabels());
        NetworkPolicy policy = overlay.one(NetworkPolicy.class, DeploymentNames.CLASSIFIER);
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getIngress()).flatExtracting(r -> r.getPorts())
                .extracting(p -> p.getPort().getIntVal()).containsExactly(port);
        var target = overlay.one(HorizontalPodAutoscaler.class, DeploymentNames.CLASSIFIER).getSpec().getScaleTargetRef();
        assertThat(target.getKind() + "/" + target.getName()).isEqualTo("Deployment/" + DeploymentNames.CLASSIFIER);
        for (ServiceMonitor monitor : overlay.all(ServiceMonitor.class)) {
            assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
            assertThat(monitor.getSpec().getEndpoints()).allSatisfy(e -> {
                assertThat(e.getPort()).isEqualTo("http");
                assertThat(e.getPath()).isEqualTo("/metrics");
            });
        }
    }

    /**
     * Replicas leave one at a time, as the rolling update (surge 1, none unavailable) and the PodDisruptionBudget
     * let them: the step the cluster suite's scale scenario shows loses and doubles nothing.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void classifierLeavesOnePodAtATime(String name) {
        Overlay overlay = built.get(name);
        var autoscaler = overlay.one(HorizontalPodAutoscaler.class, DeploymentNames.CLASSIFIER).getSpec();
        assertThat(autoscaler.getBehavior().getScaleDown().getPolicies()).singleElement()
                .satisfies(p -> assertThat(p.getType() + " " + p.getValue()).isEqualTo("Pods 1"));
        var rollingUpdate = overlay.one(Deployment.class, DeploymentNames.CLASSIFIER).getSpec().getStrategy().getRollingUpdate();
        assertThat(rollingUpdate.getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(rollingUpdate.getMaxUnavailable().getIntVal()).isZero();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void autoscalerMaximumTimesThreadsIsThePartitionCountOfTheImagesTopic(String name) {
        Overlay overlay = built.get(name);
        int maxReplicas = overlay.one(HorizontalPodAutoscaler.class, DeploymentNames.CLASSIFIER).getSpec().getMaxReplicas();
        Container app = overlay.one(Deployment.class, DeploymentNames.CLASSIFIER).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        // every stream thread of every replica gets a partition, and none is left over
        int threads = Integer.parseInt(overlay.environment(app).get("DIGITS_THREADS"));
        assertThat(overlay.environment(app)).as("partitions of the topics the app creates")
                .containsEntry("DIGITS_PARTITIONS", String.valueOf(maxReplicas * threads));
        assertThat(ComposeFile.load().topicPartitions()).as("docker-compose.yml topic-init").isEqualTo(maxReplicas * threads);
        for (KafkaTopic topic : overlay.all(KafkaTopic.class)) {
            if (KafkaNames.RECORD_TOPICS.contains(topic.getMetadata().getName())) {
                assertThat(topic.getSpec().getPartitions()).as(topic.getMetadata().getName()).isEqualTo(maxReplicas * threads);
            }
        }
        overlay.find(Job.class, "topic-init").ifPresent(job -> {
            var env = overlay.environment(job.getSpec().getTemplate().getSpec().getContainers().get(0));
            assertThat(env).containsEntry("PARTITIONS", String.valueOf(maxReplicas * threads));
            assertThat(words(env.get("TOPICS"))).containsExactlyInAnyOrderElementsOf(KafkaNames.RECORD_TOPICS);
            assertThat(words(env.get("COMPACTED_TOPICS"))).containsExactly(KafkaNames.COMPACTED_TOPIC);
        });
    }

    @Test
    void strimziOverlayDeclaresCoresTopicsOnItsClusterAtTheAppsKafkaVersion() {
        Overlay strimzi = built.get("strimzi");
        Kafka kafka = strimzi.all(Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafka().getVersion()).isEqualTo(KafkaNames.kafkaVersion());
        List<KafkaTopic> topics = strimzi.all(KafkaTopic.class);
        assertThat(topics).extracting(t -> t.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(KafkaNames.allTopics());
        assertThat(topics).allSatisfy(t -> assertThat(t.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        assertThat(strimzi.one(KafkaTopic.class, KafkaNames.COMPACTED_TOPIC).getSpec().getConfig())
                .containsEntry("cleanup.policy", "compact");
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:"
                + kafka.getSpec().getKafka().getListeners().get(0).getPort();
        assertThat(strimzi.environment(strimzi.one(Deployment.class, DeploymentNames.CLASSIFIER).getSpec().getTemplate()
                .getSpec().getContainers().get(0))).containsEntry("DIGITS_BOOTSTRAP", bootstrap);
    }

    @Test
    void strimziClientsLogInAsTheOperatorsUserWithScramOverTlsTrustingTheClusterCa() {
        Overlay strimzi = built.get("strimzi");
        Kafka kafka = strimzi.all(Kafka.class).get(0);
        String cluster = kafka.getMetadata().getName();
        assertThat(kafka.getSpec().getKafka().getListeners()).as("no listener without authentication").singleElement()
                .satisfies(listener -> {
                    assertThat(listener.isTls()).isTrue();
                    assertThat(listener.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
                });
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as("the User Operator writes the password").isNotNull();
        assertThat(kafka.getSpec().getKafka().getAuthorization()).as("ACLs enforced").isInstanceOf(KafkaAuthorizationSimple.class);
        Map<String, String> userOf = Map.of("Deployment streams-app", "digits-classifier", "Job trainer", "digits-trainer",
                "Job producer", "digits-producer");
        List<KafkaUser> users = strimzi.all(KafkaUser.class);
        assertThat(users).extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrder("digits-classifier", "digits-trainer", "digits-producer", "digits-scorer");
        for (KafkaUser user : users) {
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization()).isInstanceOf(KafkaUserAuthorizationSimple.class);
            for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                assertThat(rule.getOperations()).as(user.getMetadata().getName() + ": no blanket grant").isNotEmpty()
                        .doesNotContain(AclOperation.ALL);
                if (rule.getResource() instanceof AclRuleTopicResource topic && topic.getPatternType() == AclResourcePatternType.LITERAL) {
                    assertThat(KafkaNames.allTopics()).as("ACL of " + user.getMetadata().getName() + " on an app topic")
                            .contains(topic.getName());
                } else if (rule.getResource() instanceof AclRuleTopicResource topic) {
                    assertThat(topic.getName()).as("internal topics of the classifier").isEqualTo(ServeConfig.DEFAULT_APPLICATION_ID + "-");
                } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                    assertThat(group.getName()).as("the classifier's group").isEqualTo(ServeConfig.DEFAULT_APPLICATION_ID);
                } else if (rule.getResource() instanceof AclRuleTransactionalIdResource tx) {
                    assertThat(tx.getName()).as("transactional ids: exactly_once_v2's, or the trainer's model publications")
                            .isEqualTo(user.getMetadata().getName().equals("digits-trainer") ? ModelTopic.TRANSACTIONAL_ID_PREFIX
                                    : ServeConfig.DEFAULT_APPLICATION_ID + "-");
                }
            }
        }

        assertThat(strimzi.digitsContainers()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("Deployment streams-app", "Job trainer", "Job producer");
        for (var entry : strimzi.digitsContainers()) {
            Container c = entry.getValue();
            PodSpec pod = strimzi.podSpecs().get(entry.getKey());
            Map<String, String> env = strimzi.environment(c);
            assertThat(env).as(entry.getKey()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512").containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            assertThat(c.getEnv()).as(entry.getKey() + " password").filteredOn(v -> v.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .singleElement().satisfies(v -> {
                        assertThat(v.getValueFrom().getSecretKeyRef().getName()).as("its own user's Secret")
                                .isEqualTo(userOf.get(entry.getKey()));
                        assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
                    });
            Path trustStore = Path.of(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> trustStore.startsWith(m.getMountPath()))
                    .findFirst().orElseThrow(() -> new AssertionError(entry.getKey() + ": nothing mounted at " + trustStore));
            assertThat(mount.getReadOnly()).isTrue();
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertThat(volume.getSecret().getSecretName()).as(entry.getKey() + " CA").isEqualTo(cluster + "-cluster-ca-cert");
            assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("ca.crt");
                assertThat(Path.of(mount.getMountPath()).resolve(item.getPath())).isEqualTo(trustStore);
            });
        }
    }

    @Test
    void strimziMtlsClientsPresentTheirUsersCertificateAndKeepTheSameAcls() {
        Overlay scram = built.get("strimzi");
        Overlay mtls = built.get("strimzi-mtls");
        Kafka kafka = mtls.all(Kafka.class).get(0);
        var listener = kafka.getSpec().getKafka().getListeners();
        assertThat(listener).as("no listener without a client certificate").singleElement().satisfies(l -> {
            assertThat(l.isTls()).isTrue();
            assertThat(l.getAuth()).isInstanceOf(KafkaListenerAuthenticationTls.class);
        });
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
        Map<String, String> userOf = Map.of("Deployment streams-app", "digits-classifier", "Job trainer", "digits-trainer",
                "Job producer", "digits-producer");
        for (KafkaUser user : mtls.all(KafkaUser.class)) {
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserTlsClientAuthentication.class);
            assertThat(user.getSpec().getAuthorization()).as(user.getMetadata().getName() + ": users.yaml's ACLs")
                    .isEqualTo(scram.one(KafkaUser.class, user.getMetadata().getName()).getSpec().getAuthorization());
        }
        assertThat(mtls.all(KafkaUser.class)).hasSameSizeAs(scram.all(KafkaUser.class));
        String port = ":" + listener.get(0).getPort();
        for (var entry : mtls.digitsContainers()) {
            Container c = entry.getValue();
            Map<String, String> env = mtls.environment(c);
            assertThat(env).as(entry.getKey()).containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
                    .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PEM").containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                    .doesNotContainKeys("KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");
            assertThat(env.get("DIGITS_BOOTSTRAP")).as(entry.getKey()).endsWith(port);
            Map<String, String> fromSecret = c.getEnv().stream().filter(v -> v.getValueFrom() != null
                            && v.getValueFrom().getSecretKeyRef() != null)
                    .collect(Collectors.toMap(v -> v.getName(), v -> v.getValueFrom().getSecretKeyRef().getName() + "/"
                            + v.getValueFrom().getSecretKeyRef().getKey()));
            String user = userOf.get(entry.getKey());
            assertThat(fromSecret).as(entry.getKey() + ": its own user's certificate and key, nothing else")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN", user + "/user.crt",
                            "KAFKA_SSL_KEYSTORE_KEY", user + "/user.key"));
        }
    }

    @Test
    void devOverlayRunsTheAppsKafkaVersionOnTheBootstrapAddress() {
        Overlay dev = built.get("dev");
        StatefulSet kafka = dev.one(StatefulSet.class, "kafka");
        Container broker = kafka.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(broker.getImage()).isEqualTo("apache/kafka:" + KafkaNames.kafkaVersion());
        Service service = dev.one(Service.class, "kafka");
        String bootstrap = service.getMetadata().getName() + ":" + service.getSpec().getPorts().get(0).getPort();
        assertThat(dev.environment(broker)).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + bootstrap);
        for (var entry : dev.digitsContainers()) {
            assertThat(dev.environment(entry.getValue())).as(entry.getKey()).containsEntry("DIGITS_BOOTSTRAP", bootstrap);
        }
    }

    @Test
    void prodRetrainsWithTheTrainerJobsPodAndNeedsCredentials() {
        Overlay prod = built.get("prod");
        PodSpec job = prod.one(Job.class, "trainer").getSpec().getTemplate().getSpec();
        PodSpec cron = prod.one(CronJob.class, "trainer").getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(cron).isEqualTo(job);
        assertThat(prod.all(ServiceMonitor.class)).hasSize(1);
        Container app = prod.one(Deployment.class, DeploymentNames.CLASSIFIER).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getEnvFrom()).filteredOn(s -> s.getSecretRef() != null).singleElement().satisfies(s -> {
            assertThat(s.getSecretRef().getName()).isEqualTo(DeploymentNames.KAFKA_CREDENTIALS_SECRET);
            assertThat(s.getSecretRef().getOptional()).isFalse();
        });
    }

    @Test
    void prodAlertingRulesAreTheComposePrometheusRules() {
        PrometheusRule rule = built.get("prod").all(PrometheusRule.class).get(0);
        List<String> fromK8s = new java.util.ArrayList<>();
        rule.getSpec().getGroups().forEach(g -> g.getRules().forEach(r -> fromK8s.add(String.join(" | ", g.getName(),
                r.getAlert(), r.getExpr().getStrVal().strip(), r.getFor(), String.valueOf(r.getLabels()),
                String.valueOf(r.getAnnotations())))));
        List<String> fromFile = new java.util.ArrayList<>();
        AlertRules.load().root().path("groups").forEach(g -> g.path("rules").forEach(r -> fromFile.add(String.join(" | ",
                g.path("name").asText(), r.path("alert").asText(), r.path("expr").asText().strip(),
                r.has("for") ? r.path("for").asText() : null,
                String.valueOf(Repo.YAML.convertValue(r.path("labels"), Map.class)),
                String.valueOf(Repo.YAML.convertValue(r.path("annotations"), Map.class))))));
        assertThat(fromFile).hasSize(AlertRules.load().alertNames().size());
        assertThat(fromK8s).containsExactlyElementsOf(fromFile);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void kafkaVariablesAreRealClientPropertiesAndNoModelsVolumeIsShared(String name) {
        Overlay overlay = built.get(name);
        for (var entry : overlay.digitsContainers()) {
            overlay.environment(entry.getValue()).keySet().stream().filter(k -> k.startsWith("KAFKA_")).forEach(k ->
                    assertThat(KafkaNames.isClientProperty(k)).as("%s %s: %s is a Kafka client property", name, entry.getKey(), k).isTrue());
        }
        // models travel through Kafka: no claim at all, the model folders are each pod's own emptyDir
        assertThat(overlay.all(PersistentVolumeClaim.class)).as("%s: no PersistentVolumeClaim", name).isEmpty();
        PodSpec classifier = overlay.one(Deployment.class, DeploymentNames.CLASSIFIER).getSpec().getTemplate().getSpec();
        PodSpec trainer = overlay.one(Job.class, "trainer").getSpec().getTemplate().getSpec();
        for (PodSpec pod : List.of(classifier, trainer)) {
            assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNull());
            assertThat(modelsVolume(pod).getEmptyDir()).as("%s: the models folder is an emptyDir", name).isNotNull();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void projectContainersRunTheirImagesCommandsWithVariablesTheyRead(String name) {
        Overlay overlay = built.get(name);
        for (var entry : overlay.digitsContainers()) {
            Container c = entry.getValue();
            assertThat(c.getCommand()).as("the image's entry point runs").isEmpty();
            String image = c.getImage().substring(DeploymentNames.IMAGE_PREFIX.length()).split(":")[0];
            LauncherCommands.assertRuns(name + " " + entry.getKey(), image, c.getArgs(), overlay.environment(c).keySet());
        }
    }

    /** The volume mounted at the models folder ({@code DIGITS_REGISTRY}). */
    private static Volume modelsVolume(PodSpec pod) {
        String name = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/var/lib/digits/models")).findFirst()
                .orElseThrow(() -> new AssertionError("no mount at /var/lib/digits/models")).getName();
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> words(String text) {
        return new HashSet<>(Arrays.asList(text.trim().split("\\s+")));
    }
}
