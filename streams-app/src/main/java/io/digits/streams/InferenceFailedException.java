package io.digits.streams;

/**
 * The engine failed on accepted images: not the records' fault, so they are not dead letters.
 * {@link DeadLetterProcessingHandler} fails the task; the stream thread is replaced and the records are
 * classified again from the last commit (from the input, or from the batch buffer's changelog).
 */
final class InferenceFailedException extends RuntimeException {
    InferenceFailedException(int images, RuntimeException cause) {
        super("inference failed on a batch of " + images + " image(s): " + cause.getMessage(), cause);
    }
}
