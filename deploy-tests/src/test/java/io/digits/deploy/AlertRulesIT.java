package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.streams.metrics.MeterNames;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alerting rules are valid, pass their promtool unit tests, and read only metrics the app exports. */
class AlertRulesIT {
    @Test
    void rulesAreValidAndPassTheirUnitTests() {
        ExternalTool.PROMTOOL.run(Repo.file("prometheus"), Duration.ofMinutes(1), "check", "rules", "alerts.yml")
                .successfulOutput();
        String tests = ExternalTool.PROMTOOL.run(Repo.file("prometheus"), Duration.ofMinutes(2), "test", "rules", "alerts-test.yml")
                .successfulOutput();
        assertThat(tests).contains("SUCCESS");
    }

    @Test
    void rulesReadTheAppsMeters() {
        Set<String> exported = new HashSet<>(MeterNames.PROMETHEUS.values());
        Set<String> metrics = AlertRules.load().metricNames();
        assertThat(metrics).contains("up", "digits_dead_letters_total", "kafka_consumer_fetch_manager_records_lag");
        assertThat(metrics).filteredOn(n -> n.startsWith("digits_"))
                .allSatisfy(n -> assertThat(exported).contains(n.replaceFirst("_bucket$", "")));
    }
}
