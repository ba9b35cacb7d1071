package io.digits.cli.demo;

import io.digits.command.CommandLines;
import io.digits.command.DurationConverter;
import io.digits.command.StopOnShutdown;
import io.digits.core.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code digits demo}: the whole pipeline on an embedded broker, with an honest report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline in one process: fetch MNIST, train a quick model if there is none, "
                + "start a Kafka broker and the classification service, stream the MNIST test images (and a few "
                + "corrupt records), follow the predictions live and report accuracy, throughput and latency.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--images", paramLabel = "N", defaultValue = "10000",
            description = "MNIST test images to stream, 1..10000 (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--inject-bad", paramLabel = "N", defaultValue = "5",
            description = "Corrupt records to add, to show the dead-letter path (default ${DEFAULT-VALUE}).")
    int injectBad;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster (fresh demo-* topics) instead of an embedded broker; "
                    + "KAFKA_* variables configure its clients (security, tuning).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "DIR", defaultValue = "${env:DIGITS_REGISTRY:-models}",
            description = "Model registry (env DIGITS_REGISTRY, default ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "out/demo",
            description = "Where the pictures go (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:DIGITS_PORT:-8080}",
            description = "Metrics and health port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", paramLabel = "N",
            description = "Stream threads of the classification service, each with its own classifier "
                    + "(default: one per core).")
    Integer threads;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long to wait for every record to be accounted for, e.g. 90s or 5m (default 5m).")
    Duration timeout;

    @Option(names = "--keep-running", description = "Leave broker, service and metrics up until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--json", description = "Print the report as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DemoOptions options;
        try {
            options = new DemoOptions(images, injectBad, Optional.ofNullable(bootstrap).map(KafkaClients::fromEnv), registry, output, port,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLines.UsageError(e.getMessage());
        }
        Demo demo = new Demo(System.err);
        // Ctrl-C stops the demo and waits until the report is printed
        try (StopOnShutdown ctrlC = StopOnShutdown.install("demo-shutdown", demo::stop, Duration.ofSeconds(60))) {
            DemoReport report = demo.run(options, keepRunning);
            System.out.print(report.toText());
            if (json) {
                System.out.println(report.toJson());
            }
            System.out.flush();
            return report.accountedFor() ? 0 : CommandLines.FAILURE;
        }
    }
}
