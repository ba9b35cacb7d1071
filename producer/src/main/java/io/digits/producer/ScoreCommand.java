package io.digits.producer;

import io.digits.charts.ConfusionMatrixChart;
import io.digits.command.BrokerCheck;
import io.digits.command.CommandLines;
import io.digits.command.DurationConverter;
import io.digits.command.KafkaOptions;
import io.digits.command.StopOnShutdown;
import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.producer.score.KaggleSubmission;
import io.digits.producer.score.PredictionScorer;
import io.digits.producer.score.ScoreOptions;
import io.digits.producer.score.ScoreProgressBar;
import io.digits.producer.score.ScoreReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.kafka.common.acl.AclOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digits score}: reads the predictions back as a downstream user would and reports how good they are. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read predictions and dead letters (read_committed, from the beginning) and print accuracy, "
                + "per-digit precision/recall, the confusion matrix, latency percentiles, dead-letter and "
                + "low-confidence counts and a breakdown per model version. Exit code 1 when --timeout passed "
                + "before --expect records came.")
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_PREDICTIONS_TOPIC:-" + Topics.PREDICTIONS + "}",
            description = "Predictions topic (env DIGITS_PREDICTIONS_TOPIC; default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dead-letters-topic", paramLabel = "TOPIC",
            defaultValue = "${env:DIGITS_DEAD_LETTERS_TOPIC:-" + Topics.DEAD_LETTERS + "}",
            description = "Dead-letter topic (env DIGITS_DEAD_LETTERS_TOPIC; default ${DEFAULT-VALUE}).")
    String deadLettersTopic;

    @Option(names = "--expect", paramLabel = "N",
            description = "Wait for N predictions and dead letters, then stop (default: stop at the topics' current end).")
    Long expect;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop waiting after D (90s, 5m); exit 1 if fewer than --expect came.")
    Duration timeout;

    @Option(names = "--confusion", paramLabel = "PNG", description = "Also draw the confusion matrix into this PNG.")
    Path confusionPng;

    @Option(names = "--kaggle-submission", paramLabel = "FILE",
            description = "Write ImageId,Label for the predictions of an unlabelled Kaggle CSV (sent with --source csv:).")
    Path kaggleSubmission;

    @Option(names = "--no-progress", description = "No live progress bar.")
    boolean noProgress;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the Ctrl-C hook is only opened and closed
    public Integer call() throws Exception {
        if (expect != null && expect < 1) {
            throw new CommandLines.UsageError("--expect must be at least 1, was " + expect);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScoreOptions options = new ScoreOptions(topic, deadLettersTopic,
                expect == null ? OptionalLong.empty() : OptionalLong.of(expect), Optional.ofNullable(timeout));
        KafkaClients clients = kafka.clients();
        BrokerCheck.check(clients, expect == null ? topic : null, AclOperation.READ);
        PredictionScorer scorer = new PredictionScorer(clients, options);

        ScoreReport report;
        try (WarningPrinter warnings = new WarningPrinter(err, 100);
             StopOnShutdown ctrlC = StopOnShutdown.install("score-shutdown", scorer::stop, Duration.ofSeconds(10))) {
            report = scorer.score(new ScoreProgressBar(warnings, !noProgress));
            out.print(report.toText());
            out.flush();
            writeFiles(report, out);
        }
        if (report.timedOut()) {
            err.println("score: timed out after " + timeout.toSeconds() + " s with " + report.seen() + " records"
                    + (expect == null ? " (not caught up)" : " of " + expect + " expected"));
            err.flush();
            return CommandLines.FAILURE;
        }
        return 0;
    }

    private void writeFiles(ScoreReport report, PrintWriter out) throws Exception {
        if (confusionPng != null) {
            if (report.labelled() == 0) {
                throw new CommandLines.UsageError("no labelled predictions, so no confusion matrix for " + confusionPng
                        + " (produce with --labels)");
            }
            ConfusionMatrixChart.write(report.confusion(), topic, confusionPng);
            out.println("wrote confusion matrix to " + confusionPng);
        }
        if (kaggleSubmission != null) {
            int rows = KaggleSubmission.write(report, kaggleSubmission);
            out.println("wrote Kaggle submission (" + rows + " rows) to " + kaggleSubmission);
        }
        out.flush();
    }
}
