package io.digits.trainer.compare;

import io.digits.command.ProgressBars;
import io.digits.core.image.MnistPreprocessor;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.DigitClassifier;
import io.digits.core.model.LoadedModel;
import io.digits.core.model.ModelArtifact;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * Re-scores a recorded stretch of the images topic with two model versions, without touching anything live: the
 * records are read by a {@link StretchReader} (no group, no commits, read_committed), scored by a {@link
 * RecordScorer} with each version, and tallied.
 *
 * @param clients   the cluster
 * @param topic     the images topic
 * @param selection which stretch
 * @param threads   PyTorch intra-op threads per classifier
 * @param timeout   how long the cluster may stay silent
 * @param progress  whether to show a progress bar on stderr
 */
public record ModelComparison(KafkaClients clients, String topic, StretchSelection selection, int threads,
                              Duration timeout, boolean progress) {

    /**
     * Compares {@code a} with {@code b}.
     *
     * @throws IllegalArgumentException when the selection does not fit the topic (a partition it does not have)
     * @throws IOException              when the topic stops delivering records before the stretch's end
     */
    public ComparisonReport run(ModelArtifact a, ModelArtifact b) throws IOException, ArtifactRejectedException {
        long start = System.nanoTime();
        ComparisonTally tally = new ComparisonTally();
        try (LoadedModel modelA = LoadedModel.load(a);
             LoadedModel modelB = LoadedModel.load(b);
             DigitClassifier classifierA = modelA.newClassifier(threads);
             DigitClassifier classifierB = modelB.newClassifier(threads);
             StretchReader reader = new StretchReader(clients, topic, timeout)) {
            List<OffsetRange> ranges = reader.resolve(selection);
            long max = selection.maxRecords().orElse(Long.MAX_VALUE);
            long expected = Math.min(max, ranges.stream().mapToLong(OffsetRange::offsets).sum());
            RecordScorer scorer = new RecordScorer(new MnistPreprocessor(), classifierA, classifierB, tally);
            long read;
            try (ProgressBar bar = progress ? ProgressBars.create("compare", expected, " rec") : null) {
                read = reader.read(ranges, max, record -> {
                    scorer.accept(record);
                    if (bar != null) {
                        bar.step();
                    }
                });
                scorer.flush();
            }
            return new ComparisonReport(a.manifest().name(), a.version(), b.version(), topic, ranges, read,
                    (System.nanoTime() - start) / 1e9, tally);
        }
    }
}
