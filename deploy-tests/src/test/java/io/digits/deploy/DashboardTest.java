package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.Topics;
import io.digits.streams.metrics.MeterNames;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboard is well-formed and has a panel for everything issue 7 lists; PrometheusDashboardIT runs its queries. */
class DashboardTest {
    private final Dashboard dashboard = Dashboard.load();

    @Test
    void everyPanelQueriesTheProvisionedPrometheus() {
        assertThat(dashboard.root().path("uid").asText()).isEqualTo("digits");
        assertThat(dashboard.panels()).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            assertThat(panel.path("datasource").path("type").asText()).isEqualTo("prometheus");
        });
        assertThat(dashboard.queries()).allSatisfy(q -> assertThat(q.expr()).as(q.panel()).isNotBlank());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.root().path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
        }
    }

    /** Two panels on the same cells draw over each other in Grafana (two branches each added a row at the same place once). */
    @Test
    void noPanelCoversAnother() {
        JsonNode panels = dashboard.root().path("panels");
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode a = panels.get(i).path("gridPos");
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertThat(overlap).as("'%s' and '%s' share cells", panels.get(i).path("title").asText(),
                        panels.get(j).path("title").asText()).isFalse();
            }
        }
    }

    @Test
    void coversWhatOperatorsWatch() {
        assertThat(dashboard.metricNames()).contains(
                "kafka_consumer_fetch_manager_records_consumed_total", // input rate
                "digits_predictions_total", "digits_dead_letters_total",
                "digits_inference_time_seconds_bucket", "digits_end_to_end_latency_seconds_bucket",
                "kafka_consumer_fetch_manager_records_lag",
                "digits_prediction_confidence_bucket", "digits_low_confidence_total",
                "digits_labelled_total", "digits_labelled_correct_total",
                "digits_model_info", "jvm_memory_used_bytes", "process_cpu_usage");
        assertThat(dashboard.queries()).anySatisfy(q -> assertThat(q.expr()).contains("histogram_quantile(0.99"));
    }

    @Test
    void itsOwnMetricsAreTheAppsMeters() {
        Set<String> exported = new HashSet<>(MeterNames.PROMETHEUS.values());
        assertThat(dashboard.metricNames()).filteredOn(n -> n.startsWith("digits_"))
                .isNotEmpty()
                .allSatisfy(n -> assertThat(exported).as("MeterNames.PROMETHEUS").contains(n.replaceFirst("_bucket$", "")));
    }

    @Test
    void kafkaClientMetricsNameTheImagesTopicTheWayKafkaTagsIt() {
        // Kafka's fetch-manager metrics tag topics with dots replaced by underscores
        String tag = "topic=\"" + Topics.IMAGES.replace('.', '_') + "\"";
        assertThat(dashboard.queries()).filteredOn(q -> q.expr().contains("kafka_consumer_fetch_manager"))
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(q -> assertThat(q.expr()).contains(tag));
    }
}
