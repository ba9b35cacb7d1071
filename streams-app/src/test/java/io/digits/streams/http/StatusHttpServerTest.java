package io.digits.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.streams.PrometheusScrape;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusHttpServerTest {
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesMetricsHealthAndReadinessOnOnePort() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("digits.test.events").register(registry).increment(3);
        AtomicReference<String> notReady = new AtomicReference<>("no model loaded");
        try (StatusHttpServer server = StatusHttpServer.start(0, registry, notReady::get)) {
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("no model loaded");
            notReady.set(null);
            assertThat(get(server, "/ready").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(PrometheusScrape.parse(metrics.body()).sum("digits_test_events_total")).isEqualTo(3);
            assertThat(get(server, "/metricsx").statusCode()).isEqualTo(404);
            assertThat(get(server, "/").statusCode()).isEqualTo(404);
        }
        registry.close();
    }

    HttpResponse<String> get(StatusHttpServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
