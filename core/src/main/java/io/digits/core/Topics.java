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
    /** Model announcements (compacted), key = model name. */
    public static final String MODELS = "digits.models";

    private Topics() {
    }
}
