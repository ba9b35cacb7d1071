package io.digits.core.image;

/** An input that cannot be turned into the network's 28x28 input, with its reason. */
public class ImageRejectedException extends Exception {
    private final RejectReason reason;

    public ImageRejectedException(RejectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason.code() + ": " + super.getMessage();
    }
}
