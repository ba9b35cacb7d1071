package io.digits.producer.send;

/**
 * Paces sends to a target rate: tokens accrue at {@code rate} per second up to a small burst (50 ms
 * worth, at least one), and each send takes one, waiting when none is left. Time lost to slow sends
 * or long sleeps is made up from the burst, so the long-run rate stays on target without sleeping
 * once per record at high rates. Not thread-safe: one sending thread.
 */
public final class TokenBucket {
    /** How much time's worth of tokens may accrue while the sender is busy. */
    static final double BURST_SECONDS = 0.05;

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
