package io.digits.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.digits.core.record.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void printsOneTableAndOneJsonObjectWithTheHeadlineKeys() throws Exception {
        BenchReport report = new BenchReport(Map.of("cores", 2, "cpuModel", "test CPU", "jdk", "17", "engine", "e",
                "ompWaitPolicy", "PASSIVE"));
        BenchCommand.headlineKeys().forEach(report::put);
        report.put("rawDjlToPythonRatio", 1.5);
        report.row("raw DJL, batch 32", new Stats(1234.5, 1000, 1500, 5), new Stats(600, 500, 700, 5), "images/s", null);
        report.row("raw DJL best / Python best", new Stats(1.5, 1.2, 1.8, 5), "ratio", "met (at least 1)");
        report.command("./digits bench");

        assertThat(report.markdown())
                .contains("| raw DJL, batch 32 | 1,235 | 1,000 | 1,500 | images/s | 600 |  |")
                .contains("| raw DJL best / Python best | 1.50 | 1.20 | 1.80 | ratio |  | met (at least 1) |")
                .contains("2 cores, test CPU");
        JsonNode json = Json.mapper().readTree(report.json());
        assertThat(json.get("rawDjlToPythonRatio").asDouble()).isEqualTo(1.5);
        for (String key : new String[] {"pipelineToRawRatio", "oursToPythonThroughputRatio", "p99LatencyMsAtHalfLoad",
            "shadowThroughputRatio", "shadowP99LatencyMsAtHalfLoad", "trainingDjlToPythonTimeRatio", "computeLimitPercent"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.at("/figures/raw DJL, batch 32/max").asDouble()).isEqualTo(1500);
        assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    }

    @Test
    void replacesOnlyTheLatestRunSectionOfTheReadme(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# bench\nfindings\n");
        BenchCommand.writeReadme(readme, "first table\n");
        BenchCommand.writeReadme(readme, "second table\n");
        String text = Files.readString(readme);
        assertThat(text).startsWith("# bench\nfindings\n").contains("second table").doesNotContain("first table");
        assertThat(text.split(BenchCommand.README_START, -1)).hasSize(2);
    }
}
