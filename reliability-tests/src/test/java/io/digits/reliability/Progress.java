package io.digits.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How far the service has come, seen from the broker: the end offsets of its output topic. */
final class Progress {
    private Progress() {
    }

    /**
     * The sum of the end offsets of {@code topic}: records written, committed or not (and transaction markers),
     * so it moves as the service works, under either guarantee.
     */
    static LongSupplier endOffsets(Admin admin, String topic, int partitions) {
        return () -> {
            Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            try {
                return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                        .mapToLong(info -> info.offset()).sum();
            } catch (Exception e) {
                return -1;
            }
        };
    }

    /** Waits until {@code progress} reaches {@code target} while {@code app} lives. */
    static void awaitAtLeast(LongSupplier progress, long target, AppProcess app, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress.getAsLong() < target) {
            if (!app.isAlive()) {
                throw new AssertionError("the service died before reaching " + target + ":\n" + app.logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service did not reach " + target + " within " + timeout + " (at "
                        + progress.getAsLong() + ")");
            }
            Thread.sleep(100);
        }
    }
}
