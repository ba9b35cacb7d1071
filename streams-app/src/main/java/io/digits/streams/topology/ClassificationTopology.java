package io.digits.streams.topology;

import io.digits.core.image.MnistPreprocessor;
import io.digits.core.record.Prediction;
import io.digits.core.record.PredictionSerde;
import io.digits.streams.ServeConfig;
import io.digits.streams.TopicNames;
import io.digits.streams.deadletter.DeadLetterProcessingHandler;
import io.digits.streams.metrics.ServingMetrics;
import io.digits.streams.model.ModelRole;
import io.digits.streams.model.ThreadClassifiers;
import io.digits.streams.promotion.ModelPointers;
import io.digits.streams.promotion.PromotionJudge;
import io.digits.streams.promotion.ShadowOutcome;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The classification topology:
 * <pre>
 * images --classify--live--> predictions (same key)
 *                   |       \--> review (the low-confidence ones, copied)
 *                   \--candidate--> shadow predictions (same key; while a candidate is set)
 *                               \--labelled--> shadow outcomes (by model name, 1 partition) --judge--> models
 *                                                                     (with serve --auto-promote only)
 * records that cannot be classified --> dead letters (by {@link DeadLetterProcessingHandler})
 * </pre>
 * The candidate scores the very images of the live model's batch, in the same task, so the same transaction holds
 * both predictions of an image.
 * With a batch size above 1, accepted images wait for their batch in the {@value #BATCH_BUFFER} store, whose
 * changelog makes them survive a crash (see {@link ClassifyImageProcessor}).
 */
public final class ClassificationTopology {
    /** The state store of images waiting for their batch; its changelog is {@code <application-id>-classify-buffer-changelog}. */
    public static final String BATCH_BUFFER = "classify-buffer";

    private ClassificationTopology() {
    }

    /**
     * The topology, from a builder configured with {@link ServeConfig#streamsProperties}, the properties to run it
     * with; {@code classifiers} of the live model, {@code candidates} of the candidate (serving none: no shadow);
     * {@code pointers} the models topic's pointers, for the promotion judge.
     */
    public static Topology build(ServeConfig config, ThreadClassifiers classifiers, ThreadClassifiers candidates,
                                 ModelPointers pointers, ServingMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties(metrics))));
        return build(builder, config, classifiers, candidates, pointers, metrics);
    }

    /** Adds the topology to {@code builder} and builds it; run it with {@link ServeConfig#streamsProperties}. */
    public static Topology build(StreamsBuilder builder, ServeConfig config, ThreadClassifiers classifiers,
                                 ThreadClassifiers candidates, ModelPointers pointers, ServingMetrics metrics) {
        TopicNames topics = config.topics();
        KStream<String, byte[]> images = builder.stream(topics.images(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("images"));
        String[] stores = {};
        if (config.bufferedBatchSize() > 1) {
            // Cached: an image classified before the next commit (the linger time is far below the commit
            // interval) leaves only a tombstone in the changelog; only images still waiting at a commit are
            // written out whole, in the commit's transaction.
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BATCH_BUFFER), Serdes.Long(),
                    new PendingImage.PendingImageSerde()).withLoggingEnabled(Map.of()).withCachingEnabled());
            stores = new String[] {BATCH_BUFFER};
        }
        KStream<String, ModelPrediction> scored = images.process(
                () -> new ClassifyImageProcessor(new MnistPreprocessor(config.imageLimits()), classifiers, candidates,
                        metrics, config.reviewThreshold(), config.bufferedBatchSize(), config.batchLinger()),
                Named.as("classify"), stores);
        Map<String, KStream<String, ModelPrediction>> byRole = scored.split(Named.as("role-"))
                .branch((id, p) -> p.role() == ModelRole.CANDIDATE, Branched.as("candidate"))
                .defaultBranch(Branched.as("live"));
        KStream<String, Prediction> predictions = byRole.get("role-live")
                .mapValues(ModelPrediction::prediction, Named.as("live-predictions"));
        PredictionSerde serde = new PredictionSerde();
        KStream<String, ModelPrediction> shadowed = byRole.get("role-candidate");
        shadowed.mapValues(ModelPrediction::prediction, Named.as("candidate-predictions"))
                .to(topics.shadowPredictions(), Produced.with(Serdes.String(), serde).withName("shadow-predictions"));
        if (config.autoPromote() != null) {
            judge(builder, shadowed, config, pointers, metrics);
        }
        predictions.to(topics.predictions(), Produced.with(Serdes.String(), serde).withName("predictions"));
        predictions.filter((id, prediction) -> prediction.lowConfidence(), Named.as("low-confidence"))
                .to(topics.review(), Produced.with(Serdes.String(), serde).withName("review"));
        return builder.build();
    }

    /**
     * The promotion judge's sub-topology: the labelled images both models scored, keyed by model name onto one
     * partition, so that one task counts them all, and its pointer records to the models topic.
     */
    private static void judge(StreamsBuilder builder, KStream<String, ModelPrediction> shadowed, ServeConfig config,
                              ModelPointers pointers, ServingMetrics metrics) {
        builder.addStateStore(PromotionJudge.store());
        String name = config.modelName();
        shadowed.filter((id, p) -> p.live().label() != null, Named.as("labelled-shadowed"))
                .map((id, p) -> KeyValue.pair(name, ShadowOutcome.of(p.live(), p.prediction())), Named.as("shadow-outcomes"))
                .repartition(Repartitioned.with(Serdes.String(), new ShadowOutcome.ShadowOutcomeSerde())
                        .withName("shadow-outcomes").withNumberOfPartitions(1))
                .process(() -> new PromotionJudge(config.autoPromote(), pointers, metrics.promotions()),
                        Named.as("promotion-judge"), PromotionJudge.STORE)
                .to(config.topics().models(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("model-pointers"));
    }
}
