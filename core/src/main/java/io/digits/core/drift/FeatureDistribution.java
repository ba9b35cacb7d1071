package io.digits.core.drift;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One feature's reference distribution: its bin edges and the share of the reference images in each bin. The
 * edges travel with the shares, so a service bins its images exactly as the trainer did, whatever its own build's
 * {@link InputFeature#edges()}.
 *
 * @param edges  the inner bin edges, strictly increasing; a value falls in the bin numbered by how many edges are
 *               at or below it
 * @param shares the share of each of the {@code edges.size() + 1} bins, each 0..1, summing to 1
 */
public record FeatureDistribution(List<Double> edges, List<Double> shares) {
    private static final double SUM_TOLERANCE = 1e-6;

    @JsonCreator
    public FeatureDistribution(@JsonProperty(value = "edges", required = true) List<Double> edges,
                               @JsonProperty(value = "shares", required = true) List<Double> shares) {
        this.edges = List.copyOf(Objects.requireNonNull(edges, "edges"));
        this.shares = List.copyOf(Objects.requireNonNull(shares, "shares"));
        if (this.shares.size() != this.edges.size() + 1) {
            throw new IllegalArgumentException(this.shares.size() + " shares for " + this.edges.size()
                    + " edges, expected " + (this.edges.size() + 1));
        }
        for (int i = 1; i < this.edges.size(); i++) {
            if (!(this.edges.get(i) > this.edges.get(i - 1))) {
                throw new IllegalArgumentException("bin edges not increasing: " + this.edges);
            }
        }
        double sum = 0;
        for (double share : this.shares) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("share " + share + " outside 0..1");
            }
            sum += share;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("shares sum to " + sum + ", not 1");
        }
    }

    /** The distribution of {@code counts} (one per bin, not all zero) over {@code edges}. */
    public static FeatureDistribution of(List<Double> edges, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no values to make a distribution of");
        }
        Double[] shares = new Double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / total;
        }
        return new FeatureDistribution(edges, List.of(shares));
    }

    /** How many bins. */
    public int bins() {
        return shares.size();
    }

    /** The bin {@code value} falls in: how many edges are at or below it. */
    public int bin(double value) {
        return bin(edges, value);
    }

    /** The bin {@code value} falls in over {@code edges} (increasing): how many edges are at or below it. */
    public static int bin(List<Double> edges, double value) {
        int low = 0;
        int high = edges.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (edges.get(mid) <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The PSI of the observed {@code counts} (one per bin, {@code total} in all) against this distribution. */
    public double psi(int[] counts, int total) {
        if (counts.length != bins()) {
            throw new IllegalArgumentException(counts.length + " counts for " + bins() + " bins");
        }
        double[] expected = new double[counts.length];
        double[] actual = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            expected[i] = shares.get(i);
            actual[i] = (double) counts[i] / total;
        }
        return PopulationStability.index(expected, actual);
    }
}
