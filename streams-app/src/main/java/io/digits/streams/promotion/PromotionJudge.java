package io.digits.streams.promotion;

import io.digits.core.eval.PromotionPolicy;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelRecords;
import io.digits.core.model.topic.PromotionDecision;
import io.digits.core.model.topic.PromotionDecision.Outcome;
import io.digits.streams.metrics.PromotionMetrics;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the candidate against the live model on the labelled images both scored ({@code serve --auto-promote}), and
 * changes the pointers on the models topic by the verdict, in the transaction that counted the image it was taken at.
 * Its input is keyed by model name on one partition, so one task in the whole group sees every outcome.
 *
 * <p>The counts live in the {@value #STORE} store, per live version and candidate; an image of a pair the pointers no
 * longer name (or do not name yet on this instance) is not counted. At the policy's number of labelled images the
 * verdict is taken, once ({@link PromotionPolicy}):
 * <ul>
 *   <li>a nominated candidate that is better becomes live, and the version it replaced becomes the candidate as a
 *       rollback watch ({@link CandidatePointer#watches()}); one that is not is dropped (candidate pointer cleared);</li>
 *   <li>a watch that is better (the promotion was a mistake on this traffic) is live again and the candidate cleared;
 *       one that is not is cleared, and the promotion stands.</li>
 * </ul>
 * Every decision is a {@code <name>/decision} record beside the pointers it changed, one log line and a count of
 * {@code digits.promotion.decisions}.
 */
public final class PromotionJudge implements Processor<String, ShadowOutcome, String, byte[]> {
    /** The judge's counts; its changelog is {@code <application-id>-promotion-judge-changelog}. */
    public static final String STORE = "promotion-judge";

    private static final Logger log = LoggerFactory.getLogger(PromotionJudge.class);
    private final PromotionPolicy policy;
    private final ModelPointers pointers;
    private final PromotionMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, JudgedPair> pairs;

    public PromotionJudge(PromotionPolicy policy, ModelPointers pointers, PromotionMetrics metrics) {
        this.policy = policy;
        this.pointers = pointers;
        this.metrics = metrics;
    }

    /** The store of the judge's counts, in memory, changelogged, cached (one changelog record per pair and commit). */
    public static StoreBuilder<?> store() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                new JudgedPair.JudgedPairSerde()).withLoggingEnabled(Map.of()).withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.pairs = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ShadowOutcome> record) {
        ShadowOutcome outcome = record.value();
        Optional<LivePointer> live = pointers.live();
        Optional<CandidatePointer> candidate = pointers.candidate();
        if (outcome == null || live.isEmpty() || candidate.isEmpty() || !live.get().version().equals(outcome.live())
                || !candidate.get().version().equals(outcome.candidate())) {
            return;
        }
        String key = outcome.live() + " " + outcome.candidate();
        JudgedPair pair = pairs.get(key);
        if (pair == null || !pair.nominatedAt().equals(candidate.get().nominatedAt())) {
            pair = JudgedPair.start(candidate.get().nominatedAt());
        }
        if (pair.decided()) {
            return;
        }
        pair.outcomes().add(outcome.label(), outcome.liveDigit(), outcome.candidateDigit());
        metrics.judging(pair.outcomes().labelled());
        PromotionPolicy.Verdict verdict = pair.outcomes().judgedBy(policy);
        if (verdict.decision() == PromotionPolicy.Decision.WAIT) {
            pairs.put(key, pair);
            return;
        }
        pairs.put(key, pair.decidedNow());
        decide(live.get(), candidate.get(), verdict, record.timestamp());
    }

    private void decide(LivePointer live, CandidatePointer candidate, PromotionPolicy.Verdict verdict, long timestamp) {
        boolean better = verdict.decision() == PromotionPolicy.Decision.PROMOTE;
        Outcome outcome = candidate.isWatch() ? (better ? Outcome.ROLLED_BACK : Outcome.CONFIRMED)
                : (better ? Outcome.PROMOTED : Outcome.REJECTED);
        String name = live.name();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        switch (outcome) {
            case PROMOTED -> {
                send(ModelRecords.liveKey(name), LivePointer.succeeding(Optional.of(live), name, candidate.version(),
                        candidate.sha256(), now), timestamp);
                send(ModelRecords.candidateKey(name), new CandidatePointer(name, live.version(), live.sha256(),
                        now.toString(), candidate.version()), timestamp);
            }
            case ROLLED_BACK -> {
                send(ModelRecords.liveKey(name), live.previous().contains(candidate.version())
                        ? live.rolledBackTo(candidate.version(), candidate.sha256(), now)
                        : LivePointer.succeeding(Optional.of(live), name, candidate.version(), candidate.sha256(), now),
                        timestamp);
                send(ModelRecords.candidateKey(name), null, timestamp);
            }
            case REJECTED, CONFIRMED -> send(ModelRecords.candidateKey(name), null, timestamp);
        }
        send(ModelRecords.decisionKey(name), new PromotionDecision(name, outcome, live.version(), candidate.version(),
                verdict.labelled(), verdict.difference(), verdict.lowerBound(), verdict.reason(), now.toString()),
                timestamp);
        metrics.decided(outcome);
        log.info("automatic promotion of model {}: {} (live {}, {} {}): {}", name, outcome.tag(), live.version(),
                candidate.isWatch() ? "rollback watch" : "candidate", candidate.version(), verdict.reason());
    }

    private void send(String key, Object value, long timestamp) {
        context.forward(new Record<>(key, value == null ? null : ModelRecords.json(value), timestamp));
    }
}
