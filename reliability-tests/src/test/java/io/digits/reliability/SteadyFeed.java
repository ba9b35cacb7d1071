package io.digits.reliability;

import io.digits.mnist.MnistDataset;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProduceListener;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProduceSummary;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.IdxSource;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Labelled images sent at a steady rate on a thread of its own, the way {@code ./digits produce --rate} sends them
 * (the producer module's sender, idempotent with {@code acks=all}), so that faults land while records flow.
 */
final class SteadyFeed implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final ImageSender sender;
    private final CompletableFuture<ProduceSummary> done;
    private final AtomicLong dispatched = new AtomicLong();
    private final int images;
    private final double rate;

    private SteadyFeed(String bootstrap, String topic, MnistDataset dataset, double rate) {
        this.producer = ImageFeed.producer(bootstrap);
        this.sender = new ImageSender(producer, topic, true, Ticker.SYSTEM);
        this.images = dataset.size();
        this.rate = rate;
        ProducePlan plan = new ProducePlan(dataset.size(), Optional.empty(), false, OptionalDouble.of(rate));
        ProduceListener counting = new ProduceListener() {
            @Override
            public void progress(long sent, long acknowledged, long failed) {
                dispatched.set(sent);
            }
        };
        this.done = CompletableFuture.supplyAsync(() -> {
            try {
                return sender.send(new IdxSource(dataset), plan, counting);
            } catch (Exception e) {
                throw new IllegalStateException("the feed failed: " + e, e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "steady-feed");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts sending every image of {@code dataset} to {@code topic} at {@code rate} per second. */
    static SteadyFeed start(String bootstrap, String topic, MnistDataset dataset, double rate) {
        return new SteadyFeed(bootstrap, topic, dataset, rate);
    }

    /** Images handed to the producer so far. */
    long dispatched() {
        return dispatched.get();
    }

    int images() {
        return images;
    }

    double rate() {
        return rate;
    }

    /** How long the whole feed takes at its rate. */
    Duration duration() {
        return Duration.ofMillis((long) (images * 1000 / rate));
    }

    /** Waits for the last acknowledgement; fails if an image was not taken by the cluster. */
    ProduceSummary await(Duration timeout) throws Exception {
        ProduceSummary summary = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (summary.failed() > 0) {
            throw new AssertionError("the cluster refused " + summary.failed() + " of " + images + " images: " + summary);
        }
        return summary;
    }

    @Override
    public void close() {
        sender.stop();
        try {
            done.get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            // the failure, if any, was reported by await
        }
        producer.close(Duration.ofSeconds(5));
    }
}
