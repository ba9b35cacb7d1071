package io.digits.streams.metrics;

import java.util.List;
import java.util.Map;

/**
 * The names of the service's own meters (Micrometer's dotted form) and of their Prometheus series, for the
 * code that records them, the tests, the Grafana dashboard and the README. Tags take bounded values only:
 * {@code digit} 0..9, {@code reason} a {@link io.digits.core.image.RejectReason} code, {@code outcome}
 * {@code loaded|rejected} (model loads) or one of the four of a promotion decision, {@code role}
 * {@code live|candidate}, {@code version} a model version this process served (one live and at most one candidate
 * at a time, so a handful over a process's life), {@code feature} one of the five drift features.
 */
public final class MeterNames {
    /** Counter, tag {@code digit}: predictions made, by predicted digit. */
    public static final String PREDICTIONS = "digits.predictions";
    /** Counter, tag {@code reason}: records sent to the dead-letter topic. */
    public static final String DEAD_LETTERS = "digits.dead.letters";
    /** Timer: time in the classifier for one image. */
    public static final String INFERENCE_TIME = "digits.inference.time";
    /** Timer: input record timestamp to prediction. */
    public static final String END_TO_END_LATENCY = "digits.end.to.end.latency";
    /** Distribution summary, 0..1: confidence of each prediction. */
    public static final String CONFIDENCE = "digits.prediction.confidence";
    /** Counter: predictions under the review threshold (copied to the review topic). */
    public static final String LOW_CONFIDENCE = "digits.low.confidence";
    /** Counter, tag {@code digit} (the true label): predictions of records that carried a label. */
    public static final String LABELLED = "digits.labelled";
    /** Counter, tag {@code digit} (the true label): labelled predictions that were right. */
    public static final String LABELLED_CORRECT = "digits.labelled.correct";
    /** Gauge, always 1, tag {@code version}: the model version being served (one series at a time). */
    public static final String MODEL_INFO = "digits.model.info";
    /** Gauge: the served model's accuracy on the MNIST test set, from its manifest (NaN if unknown). */
    public static final String MODEL_TEST_ACCURACY = "digits.model.test.accuracy";
    /**
     * Gauge: the served model's mean accuracy over the evaluation sets beyond MNIST's test set (degraded scans,
     * printed digits, other writers), from its manifest (NaN if it has none).
     */
    public static final String MODEL_OOD_ACCURACY = "digits.model.ood.accuracy";
    /** Counter, tag {@code outcome} ({@code loaded|rejected}): model versions loaded or refused. */
    public static final String MODEL_LOADS = "digits.model.loads";
    /** Gauge, tag {@code partition}: the input offset of the first record the current model version scored. */
    public static final String MODEL_SWITCH_OFFSET = "digits.model.switch.offset";
    /**
     * Gauge, tag {@code feature} (an {@link io.digits.core.drift.InputFeature} tag): the PSI of the last images'
     * feature against the served model's input profile (NaN until the window is full; absent for a model without
     * a profile).
     */
    public static final String DRIFT_PSI = "digits.drift.psi";

    /** Counter, tags {@code version}, {@code role}, {@code digit} (the true label): labelled images a model scored. */
    public static final String MODEL_LABELLED = "digits.model.labelled";
    /** Counter, tags {@code version}, {@code role}, {@code digit} (the true label): labelled images it scored right. */
    public static final String MODEL_LABELLED_CORRECT = "digits.model.labelled.correct";
    /** Distribution summary, 0..1, tags {@code version}, {@code role}: confidence of each of its predictions. */
    public static final String MODEL_CONFIDENCE = "digits.model.confidence";
    /** Gauge, always 1, tag {@code version}: the candidate being scored beside the live model (none: no series). */
    public static final String CANDIDATE_INFO = "digits.candidate.info";
    /** Counter, tag {@code version} (the candidate's): images scored by both the live model and the candidate. */
    public static final String SHADOW_SCORED = "digits.shadow.scored";
    /** Counter, tag {@code version} (the candidate's): images on which the candidate predicted the live digit. */
    public static final String SHADOW_AGREED = "digits.shadow.agreed";
    /** Timer, tag {@code version}: time in the candidate's classifier for one image. */
    public static final String SHADOW_INFERENCE_TIME = "digits.shadow.inference.time";
    /** Counter, tag {@code version}: images the candidate failed to score (the live prediction went out regardless). */
    public static final String SHADOW_FAILURES = "digits.shadow.failures";
    /**
     * Counter, tag {@code outcome} ({@code promoted|rejected|rolled-back|confirmed}): automatic promotion decisions
     * ({@code serve --auto-promote}), counted by the instance that took them.
     */
    public static final String PROMOTION_DECISIONS = "digits.promotion.decisions";
    /** Gauge: labelled images the candidate under judgement was scored on so far (on the instance judging it). */
    public static final String PROMOTION_LABELLED = "digits.promotion.labelled";

    public static final String TAG_DIGIT = "digit";
    public static final String TAG_REASON = "reason";
    public static final String TAG_VERSION = "version";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_PARTITION = "partition";
    public static final String TAG_FEATURE = "feature";
    public static final String TAG_ROLE = "role";
    public static final String OUTCOME_LOADED = "loaded";
    public static final String OUTCOME_REJECTED = "rejected";

    /** Every meter name above, in the order the README lists them. */
    public static final List<String> ALL = List.of(PREDICTIONS, DEAD_LETTERS, INFERENCE_TIME, END_TO_END_LATENCY,
            CONFIDENCE, LOW_CONFIDENCE, LABELLED, LABELLED_CORRECT, MODEL_INFO, MODEL_TEST_ACCURACY,
            MODEL_OOD_ACCURACY, MODEL_LOADS, MODEL_SWITCH_OFFSET, DRIFT_PSI, MODEL_LABELLED, MODEL_LABELLED_CORRECT,
            MODEL_CONFIDENCE, CANDIDATE_INFO, SHADOW_SCORED, SHADOW_AGREED, SHADOW_INFERENCE_TIME, SHADOW_FAILURES,
            PROMOTION_DECISIONS, PROMOTION_LABELLED);

    /**
     * The series each meter appears as on {@code /metrics} (Prometheus naming: dots to underscores, counters
     * end in {@code _total}, timers in {@code _seconds_*}). Timers and the confidence summary also have
     * {@code _bucket} series for quantiles.
     */
    public static final Map<String, String> PROMETHEUS = Map.ofEntries(
            Map.entry(PREDICTIONS, "digits_predictions_total"),
            Map.entry(DEAD_LETTERS, "digits_dead_letters_total"),
            Map.entry(INFERENCE_TIME, "digits_inference_time_seconds"),
            Map.entry(END_TO_END_LATENCY, "digits_end_to_end_latency_seconds"),
            Map.entry(CONFIDENCE, "digits_prediction_confidence"),
            Map.entry(LOW_CONFIDENCE, "digits_low_confidence_total"),
            Map.entry(LABELLED, "digits_labelled_total"),
            Map.entry(LABELLED_CORRECT, "digits_labelled_correct_total"),
            Map.entry(MODEL_INFO, "digits_model_info"),
            Map.entry(MODEL_TEST_ACCURACY, "digits_model_test_accuracy"),
            Map.entry(MODEL_OOD_ACCURACY, "digits_model_ood_accuracy"),
            Map.entry(MODEL_LOADS, "digits_model_loads_total"),
            Map.entry(MODEL_SWITCH_OFFSET, "digits_model_switch_offset"),
            Map.entry(DRIFT_PSI, "digits_drift_psi"),
            Map.entry(MODEL_LABELLED, "digits_model_labelled_total"),
            Map.entry(MODEL_LABELLED_CORRECT, "digits_model_labelled_correct_total"),
            Map.entry(MODEL_CONFIDENCE, "digits_model_confidence"),
            Map.entry(CANDIDATE_INFO, "digits_candidate_info"),
            Map.entry(SHADOW_SCORED, "digits_shadow_scored_total"),
            Map.entry(SHADOW_AGREED, "digits_shadow_agreed_total"),
            Map.entry(SHADOW_INFERENCE_TIME, "digits_shadow_inference_time_seconds"),
            Map.entry(SHADOW_FAILURES, "digits_shadow_failures_total"),
            Map.entry(PROMOTION_DECISIONS, "digits_promotion_decisions_total"),
            Map.entry(PROMOTION_LABELLED, "digits_promotion_labelled"));

    private MeterNames() {
    }
}
