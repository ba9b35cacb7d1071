package io.digits.streams.deadletter;

/**
 * The engine failed on accepted images: not the records' fault, so they are not dead letters.
 * {@link DeadLetterProcessingHandler} fails the task; the stream thread is replaced and the records are
 * classified again from the last commit (from the input, or from the batch buffer's changelog).
 */
public final class InferenceFailedException extends RuntimeException {
    public InferenceFailedException(int images, RuntimeException cause) {
        super("inference failed on a batch of " + images + " image(s): " + cause.getMessage(), cause);
    }
}
