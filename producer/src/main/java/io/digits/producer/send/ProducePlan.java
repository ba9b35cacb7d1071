package io.digits.producer.send;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How much to send and how fast.
 *
 * @param limit    at most this many images (0 = no limit)
 * @param duration stop after this long
 * @param loop     start the source again when it ends (until the limit, the duration or Ctrl-C)
 * @param rate     images per second (empty = as fast as the broker takes them)
 */
public record ProducePlan(long limit, Optional<Duration> duration, boolean loop, OptionalDouble rate) {
    public ProducePlan {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        duration.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive, was " + d);
            }
        });
    }

    /** One pass over the source, full speed. */
    public static ProducePlan once() {
        return new ProducePlan(0, Optional.empty(), false, OptionalDouble.empty());
    }

    /** The first {@code n} images, full speed. */
    public static ProducePlan first(long n) {
        return new ProducePlan(n, Optional.empty(), false, OptionalDouble.empty());
    }

    /** How many images the run will send, when that can be told in advance (for the ETA). */
    public OptionalLong expectedImages(OptionalLong sourceSize) {
        long expected = Long.MAX_VALUE;
        if (limit > 0) {
            expected = limit;
        }
        if (!loop && sourceSize.isPresent()) {
            expected = Math.min(expected, sourceSize.getAsLong());
        }
        if (duration.isPresent() && rate.isPresent()) {
            double seconds = duration.get().toNanos() / 1e9;
            expected = Math.min(expected, (long) Math.ceil(seconds * rate.getAsDouble()));
        }
        return expected == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(expected);
    }
}
