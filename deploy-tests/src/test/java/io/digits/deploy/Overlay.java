package io.digits.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One kustomize overlay of {@code k8s/overlays}, built with {@code kubectl kustomize} and read strictly. */
record Overlay(String name, List<HasMetadata> resources) {
    static final List<String> NAMES = List.of("dev", "prod", "strimzi", "strimzi-mtls");

    static Overlay build(String name) {
        String yaml = ExternalTool.KUBECTL.run(Repo.file("k8s/overlays/" + name), Duration.ofMinutes(1), "kustomize", ".")
                .successfulOutput();
        return new Overlay(name, StrictKubernetesModel.parseAll(yaml));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String resourceName) {
        return find(type, resourceName).orElseThrow(() ->
                new AssertionError(this.name + ": no " + type.getSimpleName() + " named " + resourceName));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String resourceName) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(resourceName)).findFirst();
    }

    /** Every pod template of the overlay (Deployments, StatefulSets, Jobs, CronJobs), by workload kind and name. */
    Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> pods.put("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        all(StatefulSet.class).forEach(s -> pods.put("StatefulSet " + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        all(Job.class).forEach(j -> pods.put("Job " + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
        all(CronJob.class).forEach(c -> pods.put("CronJob " + c.getMetadata().getName(),
                c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        return pods;
    }

    /** The environment a container sees: its ConfigMap {@code envFrom} entries, then its own {@code env}. */
    Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (var source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                one(ConfigMap.class, source.getConfigMapRef().getName()).getData().forEach(env::put);
            }
        }
        for (var variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }

    /** The containers that run one of the project's own images ({@code digits/...}), with their pod's name. */
    List<Map.Entry<String, Container>> digitsContainers() {
        List<Map.Entry<String, Container>> found = new ArrayList<>();
        podSpecs().forEach((workload, pod) -> pod.getContainers().stream()
                .filter(c -> c.getImage().startsWith(DeploymentNames.IMAGE_PREFIX))
                .forEach(c -> found.add(Map.entry(workload, c))));
        return found;
    }

    @Override
    public String toString() {
        return name;
    }
}
