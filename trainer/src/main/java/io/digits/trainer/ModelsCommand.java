package io.digits.trainer;

import io.digits.charts.ConfusionDiffChart;
import io.digits.command.BrokerCheck;
import io.digits.command.CommandLines;
import io.digits.command.DurationConverter;
import io.digits.command.KafkaOptions;
import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ClassMetrics;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelCatalog;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.model.topic.VersionRecord;
import io.digits.core.record.Json;
import io.digits.trainer.compare.ComparisonReport;
import io.digits.trainer.compare.ModelComparison;
import io.digits.trainer.compare.PartitionOffsets;
import io.digits.trainer.compare.StretchSelection;
import io.digits.trainer.compare.VersionResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.kafka.common.acl.AclOperation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code digits models list|show|publish|promote|rollback|candidate|compare}: the versions of a model on the cluster's
 * models topic ({@link ModelTopic}), which one is live, which one is the candidate shadow-scored beside it, and how two
 * of them compare on recorded images. Every failure (unknown version, corrupt artifact, unreachable cluster) is one
 * line and a non-zero exit.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, show, publish, promote, roll back and compare model versions on the models topic; name or"
                + " clear the candidate scored beside the live version.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Show.class,
                ModelsCommand.Publish.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class,
                ModelsCommand.Candidate.class, ModelsCommand.Compare.class})
public final class ModelsCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new ModelsCommand(), args));
    }

    @Override
    public void run() {
        throw new CommandLines.UsageError("a subcommand is required: list, show, publish, promote, rollback, candidate or compare");
    }

    /** The options every subcommand has: the cluster, the topic, the model name, how long to wait. */
    abstract static class Sub implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--models-topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_MODELS_TOPIC:-" + Topics.MODELS + "}",
                description = "The models topic (env DIGITS_MODELS_TOPIC; default ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--model-name", paramLabel = "NAME", defaultValue = "${env:DIGITS_MODEL_NAME:-" + ModelRegistry.DEFAULT_NAME + "}",
                description = "Model name (env DIGITS_MODEL_NAME; default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for the cluster: 90s, 5m, 1h30m (default ${DEFAULT-VALUE}).")
        Duration timeout;

        ModelTopic modelTopic() {
            try {
                ModelRegistry.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new CommandLines.UsageError("--model-name: " + e.getMessage());
            }
            return new ModelTopic(kafka.clients(), topic, timeout);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public final Integer call() {
            try {
                run(modelTopic());
                out().flush();
                return 0;
            } catch (IOException | ArtifactRejectedException e) {
                throw new IllegalStateException(CommandLines.oneLine(e), e);
            }
        }

        abstract void run(ModelTopic models) throws IOException, ArtifactRejectedException;

        VersionRecord version(ModelCatalog catalog, String version) {
            return catalog.version(name, version).orElseThrow(() -> new IllegalStateException(
                    "no version " + version + " of model " + name + " on " + topic + " (see " + spec.parent().qualifiedName()
                            + " list)"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The versions on the cluster: test accuracy, size, when published, which is live and which"
                    + " the candidate.")
    static final class ListVersions extends Sub {
        @Override
        void run(ModelTopic models) throws IOException {
            ModelCatalog catalog = models.read();
            java.util.List<VersionRecord> versions = catalog.versions(name);
            Optional<LivePointer> live = catalog.live(name);
            Optional<CandidatePointer> candidate = catalog.candidate(name);
            if (versions.isEmpty()) {
                out().println("no versions of model " + name + " on " + models.topic());
                return;
            }
            out().printf(Locale.ROOT, "%-22s %-8s %-9s %-24s %s%n", "VERSION", "ACCURACY", "SIZE", "PUBLISHED", "ROLE");
            for (VersionRecord v : versions) {
                boolean isLive = live.map(p -> p.version().equals(v.version())).orElse(false);
                boolean isCandidate = candidate.map(p -> p.version().equals(v.version())).orElse(false);
                out().printf(Locale.ROOT, "%-22s %-8s %-9s %-24s %s%n", v.version(), accuracy(v.manifest()),
                        size(v.size()), v.publishedAt(), isLive ? "live" : !isCandidate ? ""
                                : candidate.get().isWatch() ? "candidate (rollback watch of " + candidate.get().watches() + ")"
                                : "candidate");
            }
            catalog.decision(name).ifPresent(d -> out().printf(Locale.ROOT,
                    "last automatic decision, %s: %s %s against %s at %d labelled images (%s)%n", d.decidedAt(),
                    d.outcome().tag(), d.candidate(), d.live(), d.labelled(), d.reason()));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One version in detail (default: the live one).")
    static final class Show extends Sub {
        @Parameters(paramLabel = "VERSION", arity = "0..1", description = "The version (default: the live one).")
        String version;

        @Override
        void run(ModelTopic models) throws IOException {
            ModelCatalog catalog = models.read();
            Optional<LivePointer> live = catalog.live(name);
            String wanted = version != null ? version : live.map(LivePointer::version).orElseThrow(() ->
                    new IllegalStateException("model " + name + " has no live version on " + topic + "; name one"));
            VersionRecord v = version(catalog, wanted);
            ModelManifest m = v.manifest();
            PrintWriter out = out();
            out.println("model         " + v.name());
            Optional<CandidatePointer> candidate = catalog.candidate(name);
            out.println("version       " + v.version() + (live.map(p -> p.version().equals(v.version())).orElse(false)
                    ? " (live since " + live.get().promotedAt() + ")"
                    : candidate.map(p -> p.version().equals(v.version())).orElse(false)
                    ? " (candidate since " + candidate.get().nominatedAt() + ")" : ""));
            out.println("created       " + m.createdAt());
            out.println("published     " + v.publishedAt());
            out.println("accuracy      " + accuracy(m));
            out.println("size          " + size(v.size()) + " in " + v.chunks().size() + " chunks of "
                    + size(v.chunkSize()));
            out.println("sha256        " + m.sha256() + " (parameters " + m.paramsFile() + ")");
            out.println("bundle sha256 " + v.sha256());
            out.println("architecture  " + m.architecture());
            out.println("preprocessing " + m.preprocessing());
            out.println("training      " + m.training());
            for (ClassMetrics c : m.perClass()) {
                out.printf(Locale.ROOT, "  digit %d: precision %.4f recall %.4f f1 %.4f (%d images)%n", c.digit(),
                        c.precision(), c.recall(), c.f1(), c.support());
            }
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Send a model of a registry folder to the cluster: DIR is a version folder, or a registry"
                    + " whose latest version of --model-name is sent.")
    static final class Publish extends Sub {
        @Parameters(paramLabel = "DIR", description = "A version folder (with manifest.json) or a registry folder.")
        Path dir;

        @Option(names = "--live", description = "Also make it the live version (in the same transaction).")
        boolean live;

        @Option(names = "--candidate", description = "Also make it the candidate, scored beside the live version"
                + " (in the same transaction).")
        boolean candidate;

        @Override
        void run(ModelTopic models) throws IOException, ArtifactRejectedException {
            if (live && candidate) {
                throw new CommandLines.UsageError("--live and --candidate exclude each other");
            }
            ModelArtifact artifact = Files.isRegularFile(dir.resolve(ModelArtifact.MANIFEST))
                    ? ModelArtifact.open(dir) : new ModelRegistry(dir).latest(name);
            models.createIfMissing();
            VersionRecord v = candidate ? models.publishCandidate(artifact) : models.publish(artifact, live);
            out().printf(Locale.ROOT, "published %s version %s (%s in %d chunks) on %s%s%n", v.name(), v.version(),
                    size(v.size()), v.chunks().size(), models.topic(), live ? ", live" : candidate ? ", candidate" : "");
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make VERSION the live version.")
    static final class Promote extends Sub {
        @Parameters(paramLabel = "VERSION", description = "A version on the cluster.")
        String version;

        @Override
        void run(ModelTopic models) throws IOException, ArtifactRejectedException {
            LivePointer pointer = models.promote(name, version);
            out().println("model " + name + " version " + pointer.version() + " is live"
                    + (pointer.previous().isEmpty() ? "" : " (was " + pointer.previous().get(0) + ")"));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Return to the previous live version.")
    static final class Rollback extends Sub {
        @Override
        void run(ModelTopic models) throws IOException, ArtifactRejectedException {
            String before = models.read().live(name).map(LivePointer::version).orElse("none");
            LivePointer pointer = models.rollback(name);
            out().println("model " + name + " rolled back to version " + pointer.version() + " (was " + before + ")");
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Re-score a recorded stretch of the images topic with versions A and B and print agreement,"
                    + " accuracy on labelled records (95% Wilson interval, McNemar's test), per-digit recall and the"
                    + " records they read differently; reads as a bystander (no consumer group, no commits,"
                    + " read_committed) up to the end offsets at the start.")
    static final class Compare extends Sub {
        @Parameters(index = "0", paramLabel = "A", description = "The first version (on the models topic or in --registry; 'live' for the live one).")
        String versionA;

        @Parameters(index = "1", paramLabel = "B", description = "The second version, the same way.")
        String versionB;

        @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "${env:DIGITS_IMAGES_TOPIC:-" + Topics.IMAGES + "}",
                description = "The images topic to read (env DIGITS_IMAGES_TOPIC; default ${DEFAULT-VALUE}).")
        String imagesTopic;

        @Option(names = "--from-offsets", paramLabel = "SPEC", converter = PartitionOffsets.Converter.class,
                description = "Where to start: one offset for every partition (100), or partition:offset pairs"
                        + " (0:100,1:250), which read only those partitions (default: each partition's first).")
        PartitionOffsets fromOffsets;

        @Option(names = "--from-time", paramLabel = "TIME", converter = InstantConverter.class,
                description = "Start at the first record at or after TIME, ISO-8601 (2026-11-27T22:00:00Z).")
        Instant fromTime;

        @Option(names = "--to-offsets", paramLabel = "SPEC", converter = PartitionOffsets.Converter.class,
                description = "Where to stop, exclusive, written like --from-offsets (default: the end offsets at the start).")
        PartitionOffsets toOffsets;

        @Option(names = "--max-records", paramLabel = "N", description = "Read at most N records in all.")
        Long maxRecords;

        @Option(names = "--registry", paramLabel = "DIR", defaultValue = "${env:DIGITS_REGISTRY:-models}",
                description = "The local model registry: versions not on the topic are looked for here, versions"
                        + " read from the topic are cached here (env DIGITS_REGISTRY; default ${DEFAULT-VALUE}).")
        Path registry;

        @Option(names = "--chart", paramLabel = "PNG",
                description = "Also draw B's confusion matrix minus A's on the labelled records into this PNG.")
        Path chart;

        @Option(names = "--json", description = "Print the figures as one JSON document instead of text.")
        boolean json;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
                description = "PyTorch threads for inference (default: one per core).")
        int threads;

        @Option(names = "--no-progress", description = "No progress bar.")
        boolean noProgress;

        @Override
        void run(ModelTopic models) throws IOException, ArtifactRejectedException {
            StretchSelection selection;
            try {
                selection = new StretchSelection(Optional.ofNullable(fromOffsets), Optional.ofNullable(fromTime),
                        Optional.ofNullable(toOffsets),
                        maxRecords == null ? OptionalLong.empty() : OptionalLong.of(maxRecords));
            } catch (IllegalArgumentException e) {
                throw new CommandLines.UsageError(e.getMessage());
            }
            KafkaClients clients = kafka.clients();
            BrokerCheck.check(clients, imagesTopic, AclOperation.READ);
            VersionResolver versions = new VersionResolver(models.read(), new ModelRegistry(registry), name, topic);
            ModelArtifact a = versions.resolve(versionA);
            ModelArtifact b = versions.resolve(versionB);
            int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            ComparisonReport report;
            try {
                report = new ModelComparison(clients, imagesTopic, selection, cores, timeout, !noProgress)
                        .run(a, b);
            } catch (IllegalArgumentException e) {
                throw new CommandLines.UsageError(e.getMessage());
            }
            if (chart != null && report.tally().labelled() > 0) {
                ConfusionDiffChart.write(report.tally().confusionA(), report.tally().confusionB(),
                        "B " + b.version() + " minus A " + a.version(), chart);
            }
            if (json) {
                Map<String, Object> doc = report.toMap();
                doc.put("chart", chart == null || report.tally().labelled() == 0 ? null : chart.toString());
                out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            } else {
                out().print(report.toText());
                if (chart != null && report.tally().labelled() > 0) {
                    out().println("  chart:       " + chart);
                }
            }
            if (chart != null && report.tally().labelled() == 0) {
                out().flush();
                throw new IllegalStateException("no labelled records, so no confusion-matrix difference for " + chart
                        + " (send images with a label header)");
            }
        }
    }

    /** picocli: an ISO-8601 instant, or a bad value as a usage error. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    return java.time.OffsetDateTime.parse(value).toInstant();
                } catch (java.time.format.DateTimeParseException again) {
                    throw new CommandLine.TypeConversionException("'" + value
                            + "' is not an ISO-8601 time such as 2026-11-27T22:00:00Z");
                }
            }
        }
    }

    @Command(name = "candidate", mixinStandardHelpOptions = true,
            description = "Make VERSION the candidate scored beside the live version, or clear the candidate.")
    static final class Candidate extends Sub {
        @Parameters(paramLabel = "VERSION", arity = "0..1", description = "A version on the cluster, not the live one.")
        String version;

        @Option(names = "--clear", description = "Clear the candidate: the service stops scoring it.")
        boolean clear;

        @Override
        void run(ModelTopic models) throws IOException, ArtifactRejectedException {
            if (clear && version != null) {
                throw new CommandLines.UsageError("VERSION and --clear exclude each other");
            }
            if (!clear && version == null) {
                throw new CommandLines.UsageError("name the candidate's VERSION, or --clear");
            }
            if (clear) {
                CandidatePointer cleared = models.clearCandidate(name);
                out().println("model " + name + " has no candidate (was " + cleared.version() + ")");
            } else {
                CandidatePointer pointer = models.nominate(name, version);
                out().println("model " + name + " version " + pointer.version() + " is the candidate");
            }
        }
    }

    static String accuracy(ModelManifest m) {
        return m.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.testAccuracy());
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
