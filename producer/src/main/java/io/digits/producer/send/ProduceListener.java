package io.digits.producer.send;

import io.digits.producer.source.SourceItem;
import java.util.OptionalLong;

/** Hears how a produce run goes: the CLI shows a progress bar and warnings, tests may stay silent. */
public interface ProduceListener {
    ProduceListener SILENT = new ProduceListener() {
    };

    /** The run starts; {@code expected} is the number of images it will send, if known. */
    default void started(OptionalLong expected) {
    }

    /** Called after every dispatched image: counts so far. */
    default void progress(long dispatched, long acknowledged, long failed) {
    }

    /** An input was skipped (called once per input, on the first pass). */
    default void badInput(SourceItem.BadInput bad) {
    }

    /** The broker did not take an image (called on the producer's I/O thread). */
    default void sendFailed(String key, Exception error) {
    }

    /** The run is over. */
    default void finished(ProduceSummary summary) {
    }
}
