package io.digits.core.model;

/** A model artifact that is missing, incomplete, tampered with or built for another network. */
public class ArtifactRejectedException extends Exception {
    public ArtifactRejectedException(String message) {
        super(message);
    }

    public ArtifactRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
