package io.digits.streams.metrics;

import io.digits.core.model.topic.PromotionDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of automatic promotion ({@code serve --auto-promote}), kept by the one instance whose task judges the
 * candidate: decisions by outcome, and how many labelled images the candidate under judgement has been scored on
 * beside the live model (the verdict is taken at the policy's number). Thread-safe.
 */
public final class PromotionMetrics {
    private final Map<PromotionDecision.Outcome, Counter> decisions = new EnumMap<>(PromotionDecision.Outcome.class);
    private final AtomicLong labelled = new AtomicLong();

    PromotionMetrics(MeterRegistry registry) {
        for (PromotionDecision.Outcome outcome : PromotionDecision.Outcome.values()) {
            decisions.put(outcome, Counter.builder(MeterNames.PROMOTION_DECISIONS)
                    .description("Automatic promotion decisions, by outcome")
                    .tag(MeterNames.TAG_OUTCOME, outcome.tag()).register(registry));
        }
        Gauge.builder(MeterNames.PROMOTION_LABELLED, labelled, AtomicLong::get)
                .description("Labelled images the candidate under judgement was scored on beside the live model")
                .register(registry);
    }

    /** The candidate under judgement has now been scored on {@code n} labelled images. */
    public void judging(long n) {
        labelled.set(n);
    }

    public void decided(PromotionDecision.Outcome outcome) {
        decisions.get(outcome).increment();
    }
}
