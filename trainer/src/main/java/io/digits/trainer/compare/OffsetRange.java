package io.digits.trainer.compare;

/**
 * The records of one partition to re-score: offsets {@code from} (inclusive) to {@code to} (exclusive). Under
 * read_committed some offsets in between may hold no record (transaction markers, aborted records).
 */
public record OffsetRange(int partition, long from, long to) {
    public OffsetRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad range " + from + ".." + to + " of partition " + partition);
        }
    }

    /** Offsets in the range (an upper bound on its records). */
    public long offsets() {
        return to - from;
    }

    @Override
    public String toString() {
        return "partition " + partition + " offsets " + from + ".." + to;
    }
}
