package io.digits.producer.send;

import io.digits.core.record.RecordHeaders;
import io.digits.producer.source.ImageSource;
import io.digits.producer.source.SourceItem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Sends the images of a source to a topic: key = image id, value = image bytes, headers
 * {@code content-type} and (when asked and known) {@code label}; the record timestamp is the send
 * time, which the pipeline's latency is measured from. Paced by a {@link TokenBucket} when the plan
 * has a rate; stops at the plan's limit or duration, at the end of the source unless looping, or on
 * {@link #stop()}. One thread sends; acknowledgements are counted as the broker gives them.
 */
public final class ImageSender {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final boolean sendLabels;
    private final Ticker ticker;
    private volatile boolean stopRequested;

    public ImageSender(Producer<String, byte[]> producer, String topic, boolean sendLabels, Ticker ticker) {
        this.producer = producer;
        this.topic = topic;
        this.sendLabels = sendLabels;
        this.ticker = ticker;
    }

    /** Asks a running {@link #send} to stop after the current image (for Ctrl-C); it still flushes. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Sends until the plan says stop, then waits for every acknowledgement.
     *
     * @throws IOException when the source itself cannot be read
     */
    public ProduceSummary send(ImageSource source, ProducePlan plan, ProduceListener listener)
            throws IOException, InterruptedException {
        TokenBucket bucket = plan.rate().isPresent() ? new TokenBucket(plan.rate().getAsDouble(), ticker) : null;
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong sendFailures = new AtomicLong();
        long dispatched = 0;
        long badInputs = 0;
        int passes = 0;
        listener.started(plan.expectedImages(source.size()));
        long start = ticker.nanoTime();
        long deadline = plan.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        try {
            boolean more = true;
            while (more) {
                long sentThisPass = 0;
                try (ImageSource.Cursor cursor = source.open()) {
                    for (SourceItem item = cursor.next(); item != null; item = cursor.next()) {
                        if (stopRequested || (plan.limit() > 0 && dispatched >= plan.limit())
                                || ticker.nanoTime() >= deadline) {
                            more = false;
                            break;
                        }
                        if (item instanceof SourceItem.BadInput bad) {
                            if (passes == 0) {
                                badInputs++;
                                listener.badInput(bad);
                            }
                            continue;
                        }
                        SourceItem.Image image = (SourceItem.Image) item;
                        if (bucket != null) {
                            bucket.acquire();
                            if (ticker.nanoTime() >= deadline) {
                                more = false;
                                break;
                            }
                        }
                        producer.send(record(image), (metadata, error) -> {
                            if (error == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                sendFailures.incrementAndGet();
                                listener.sendFailed(image.key(), error);
                            }
                        });
                        dispatched++;
                        sentThisPass++;
                        listener.progress(dispatched, acknowledged.get(), badInputs + sendFailures.get());
                    }
                }
                if (more) {
                    passes++;
                }
                more = more && plan.loop() && sentThisPass > 0;
            }
        } finally {
            producer.flush();
        }
        Duration elapsed = Duration.ofNanos(ticker.nanoTime() - start);
        ProduceSummary summary = new ProduceSummary(topic, acknowledged.get(), badInputs, sendFailures.get(),
                elapsed, passes);
        listener.progress(dispatched, acknowledged.get(), summary.failed());
        listener.finished(summary);
        return summary;
    }

    ProducerRecord<String, byte[]> record(SourceItem.Image image) {
        List<Header> headers = new ArrayList<>(2);
        headers.add(new RecordHeader(RecordHeaders.CONTENT_TYPE, RecordHeaders.utf8(image.contentType().mimeType())));
        if (sendLabels) {
            image.label().ifPresent(l -> headers.add(new RecordHeader(RecordHeaders.LABEL, RecordHeaders.utf8(l.toString()))));
        }
        return new ProducerRecord<>(topic, null, null, image.key(), image.bytes(), headers);
    }
}
