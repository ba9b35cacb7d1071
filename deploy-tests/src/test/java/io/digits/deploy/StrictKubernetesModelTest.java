package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

class StrictKubernetesModelTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              selector:
                matchLabels: {app: a}
              template:
                metadata:
                  labels: {app: a}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      %s
            """;

    @Test
    void readsAValidResourceAsItsType() {
        var resources = StrictKubernetesModel.parseAll(DEPLOYMENT.formatted("imagePullPolicy: IfNotPresent"));
        assertThat(resources).singleElement().isInstanceOfSatisfying(Deployment.class, d ->
                assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent"));
    }

    @Test
    void failsOnAMisspeltNestedField() {
        assertThatThrownBy(() -> StrictKubernetesModel.parseAll(DEPLOYMENT.formatted("imagePullPolicyy: IfNotPresent")))
                .hasMessageContaining("apps/v1/Deployment app")
                .hasMessageContaining("imagePullPolicyy");
    }

    @Test
    void failsOnAFieldInTheWrongPlace() {
        assertThatThrownBy(() -> StrictKubernetesModel.parseAll(DEPLOYMENT.formatted("replicas: 2")))
                .hasMessageContaining("replicas");
    }

    @Test
    void failsOnAKindWithoutAModel() {
        assertThatThrownBy(() -> StrictKubernetesModel.parseAll("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"))
                .hasMessageContaining("no model class for v1/Pod");
    }

    @Test
    void checksStrimziResourcesStrictlyToo() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec: {partitions: 3, replicas: 1%s}
                """;
        assertThat(StrictKubernetesModel.parseAll(topic.formatted(""))).singleElement()
                .isInstanceOfSatisfying(KafkaTopic.class, t -> assertThat(t.getSpec().getPartitions()).isEqualTo(3));
        assertThatThrownBy(() -> StrictKubernetesModel.parseAll(topic.formatted(", partitionz: 3")))
                .hasMessageContaining("partitionz");
    }
}
