package io.digits.producer.send;

/**
 * Paces sends to a target rate: tokens accrue at {@code rate} per second up to a burst of 250 ms
 * worth (at least one), and each send takes one, waiting when none is left. Time lost to slow sends
 * or to sleeps that overshoot (a loaded machine wakes threads late) is made up from the burst, so
 * the achieved rate stays on target, and at high rates it does not sleep once per record. The
 * bucket starts with one token, so a run never opens with a burst. Not thread-safe: one sending thread.
 */
public final class TokenBucket {
    /** How much time's worth of tokens may accrue while the sender is busy. */
    static final double BURST_SECONDS = 0.25;

    private final Ticker ticker;
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long lastRefill;

    public TokenBucket(double permitsPerSecond, Ticker ticker) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, was " + permitsPerSecond);
        }
        this.ticker = ticker;
        this.tokensPerNano = permitsPerSecond / 1e9;
        this.capacity = Math.max(1.0, permitsPerSecond * BURST_SECONDS);
        this.tokens = 1.0;
        this.lastRefill = ticker.nanoTime();
    }

    /** Takes one token, first waiting until there is one. */
    public void acquire() throws InterruptedException {
        refill();
        while (tokens < 1.0) {
            long wait = (long) Math.ceil((1.0 - tokens) / tokensPerNano);
            ticker.sleepNanos(Math.max(1, wait));
            refill();
        }
        tokens -= 1.0;
    }

    private void refill() {
        long now = ticker.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastRefill) * tokensPerNano);
        lastRefill = now;
    }
}
