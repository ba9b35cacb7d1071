package io.digits.streams.model;

/**
 * What a served model is for: the live one makes the predictions downstream consumers read, the candidate is
 * scored beside it on the same images (shadow scoring) and only its meters and the shadow-predictions topic see
 * its results. {@link #tag()} is the {@code role} tag of the per-version meters.
 */
public enum ModelRole {
    LIVE("live"),
    CANDIDATE("candidate");

    private final String tag;

    ModelRole(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
