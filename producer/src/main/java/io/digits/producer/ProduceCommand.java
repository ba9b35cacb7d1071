package io.digits.producer;

import io.digits.command.BrokerCheck;
import io.digits.command.CommandLines;
import io.digits.command.DurationConverter;
import io.digits.command.KafkaOptions;
import io.digits.command.StopOnShutdown;
import io.digits.command.TopicOptions;
import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.kafka.TopicLayout;
import io.digits.mnist.MnistFiles;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProduceSummary;
import io.digits.producer.send.ProducerSettings;
import io.digits.producer.send.ProgressBarListener;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.ImageSource;
import io.digits.producer.source.SourceSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AclOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digits produce}: sends images from MNIST, image files or a Kaggle CSV to the images topic. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send images to Kafka: MNIST idx, image files or a Kaggle CSV; paced, looped or full speed.",
            "Prints a progress bar (stderr) and a summary line; exit code 1 when any input was skipped or not sent."})
public final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, paramLabel = "SOURCE",
            description = "mnist-test, mnist-train, idx:FILE[,LABELS], images:DIR_OR_GLOB or csv:FILE.")
    String source;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Send at most N images (default: all, or until --duration).")
    long limit;

    @Option(names = "--rate", paramLabel = "N",
            description = "Images per second (default: as fast as the broker takes them).")
    Double rate;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop after D (90s, 5m, 1h); with --loop, a soak test of that length.")
    Duration duration;

    @Option(names = "--loop", description = "Start the source again when it ends (until --limit, --duration or Ctrl-C).")
    boolean loop;

    @Option(names = "--labels", description = "Send the true digit in a 'label' header when the source knows it.")
    boolean labels;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_IMAGES_TOPIC:-" + Topics.IMAGES + "}",
            description = "Topic to send to, created when missing (env DIGITS_IMAGES_TOPIC; default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--no-progress", negatable = false, description = "No progress bar (warnings and summary only).")
    boolean noProgress;

    @Mixin
    TopicOptions newTopic;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the Ctrl-C hook is only opened and closed
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new CommandLines.UsageError("--limit must be >= 0, was " + limit);
        }
        if (rate != null && !(rate > 0 && rate < 1e9)) {
            throw new CommandLines.UsageError("--rate must be a positive number of images per second, was " + rate);
        }
        TopicLayout layout = newTopic.layout();
        ProducePlan plan = new ProducePlan(limit, Optional.ofNullable(duration), loop,
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageSource images = SourceSpec.open(source, MnistFiles.defaultLocation());
        KafkaClients clients = kafka.clients();
        if (BrokerCheck.check(clients, topic, AclOperation.WRITE, layout)) {
            err.println("produce: created topic " + topic + " (" + layout.describe() + ")");
        }
        err.println("produce: " + images.describe() + " -> " + topic + " at " + kafka.bootstrap());
        err.flush();

        try (KafkaProducer<String, byte[]> producer =
                     ProducerSettings.imageProducer(clients, Map.of());
             WarningPrinter warnings = new WarningPrinter(err, 100)) {
            producer.partitionsFor(topic); // connect and fetch metadata before the clock starts
            ImageSender sender = new ImageSender(producer, topic, labels, Ticker.SYSTEM);
            try (StopOnShutdown ctrlC = StopOnShutdown.install("produce-shutdown", sender::stop, Duration.ofSeconds(30))) {
                ProduceSummary summary = sender.send(images, plan, new ProgressBarListener(warnings, !noProgress));
                out.println(summaryLine(summary));
                out.flush();
                return summary.failed() > 0 ? CommandLines.FAILURE : 0;
            }
        }
    }

    private String summaryLine(ProduceSummary summary) {
        String line = summary.line();
        if (rate != null) {
            line += String.format(Locale.ROOT, "; target rate %.1f/s", rate);
        }
        if (loop) {
            line += "; " + summary.passes() + " full passes";
        }
        return line;
    }
}
