package io.digits.core;

/** Default topic names; every one can be overridden by configuration. */
public final class Topics {
    /** Image records in: key = image id, value = image bytes. */
    public static final String IMAGES = "digits.images";
    /** One prediction (JSON) per accepted image, same key. */
    public static final String PREDICTIONS = "digits.predictions";
    /** Rejected records: the original bytes untouched, with the reason headers. */
    public static final String DEAD_LETTERS = "digits.dead-letters";
    /** Copies of the predictions under the confidence threshold. */
    public static final String REVIEW = "digits.review";
    /**
     * The candidate model's predictions (JSON), same key as the image, while a candidate is set on the models topic:
     * scored beside the live model in the same transaction, read by no downstream consumer of the predictions.
     */
    public static final String SHADOW_PREDICTIONS = "digits.shadow-predictions";
    /**
     * Models (compacted): each version's artifact in checksummed chunks, its manifest, and the live and candidate
     * pointers (core/README.md).
     */
    public static final String MODELS = "digits.models";
    /**
     * Partitions of a record topic created because it is missing ({@code serve}, {@code produce}). Six: a multiple
     * of 1, 2 and 3 stream threads or instances, so each gets the same share of the images (with three partitions
     * on two threads, one thread does twice the other's work and the pair runs at 3/4 speed). The compose stack and
     * the Kubernetes manifests create six too. The replication is the broker's default unless a command is told.
     */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }
}
