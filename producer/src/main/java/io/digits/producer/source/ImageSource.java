package io.digits.producer.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Where images come from. Each {@link #open()} starts a fresh pass in the same order with the same
 * keys, so a source can be sent again ({@code --loop}) and its keys stay stable.
 */
public interface ImageSource {

    /** A short description for messages, e.g. {@code mnist-test (10000 images)}. */
    String describe();

    /** How many items one pass yields, when known without reading it. */
    OptionalLong size();

    /** Starts a pass. */
    Cursor open() throws IOException;

    /** One pass over a source. */
    interface Cursor extends Closeable {
        /**
         * The next image or bad input, or null at the end of the pass.
         *
         * @throws IOException when the source as a whole cannot be read any further
         */
        SourceItem next() throws IOException;

        @Override
        default void close() throws IOException {
        }
    }
}
