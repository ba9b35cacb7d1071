package io.digits.streams.metrics;

import io.digits.core.drift.FeatureDistribution;
import io.digits.core.drift.InputFeature;
import io.digits.core.drift.InputProfile;
import io.digits.core.model.ModelManifest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift of the served model's inputs: for each {@link InputFeature} its manifest's {@link InputProfile} has, the
 * PSI of the last {@code window} images the version scored against that reference, as the gauge
 * {@code digits.drift.psi{feature}}. The window is a ring of bin numbers with a count per bin, so an image costs a
 * few array writes and no allocation; the PSI is computed when the gauge is read (a scrape), from the counts. NaN
 * until the window is full. A new version starts an empty window; a version whose manifest has no profile (trained
 * before there was one) has no drift gauges, which is logged once. Thread-safe: stream threads record, the scrape
 * reads, under one lock held for a few microseconds.
 */
public final class InputDriftMonitor {
    /** Images in the window: 2,000 keep the sampling noise of a 10-bin PSI near 0.005 (see the README). */
    public static final int DEFAULT_WINDOW = 2_000;

    private static final Logger log = LoggerFactory.getLogger(InputDriftMonitor.class);

    private final MeterRegistry registry;
    private final int window;
    private final List<Gauge> gauges = new ArrayList<>();
    /** The version whose images are counted; null while no version with a profile serves. */
    private String version;
    private InputFeature[] features = new InputFeature[0];
    private FeatureDistribution[] references = new FeatureDistribution[0];
    /** Per feature, the bin of each image in the window, a ring indexed by {@code seen % window}. */
    private byte[][] ring = new byte[0][];
    /** Per feature, how many images of the window are in each bin. */
    private int[][] counts = new int[0][];
    private long seen;

    public InputDriftMonitor(MeterRegistry registry, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the drift window must hold at least one image, got " + window);
        }
        this.registry = registry;
        this.window = window;
    }

    /** {@code manifest}'s version serves from now on: an empty window against its profile, or no gauges. */
    public synchronized void serving(ModelManifest manifest) {
        gauges.forEach(registry::remove);
        gauges.clear();
        seen = 0;
        InputProfile profile = manifest.inputProfile();
        if (profile == null) {
            version = null;
            features = new InputFeature[0];
            log.info("model {} has no input profile in its manifest (trained before drift was measured): no drift "
                    + "gauges while it serves", manifest.version());
            return;
        }
        List<InputFeature> known = new ArrayList<>();
        List<FeatureDistribution> distributions = new ArrayList<>();
        for (Map.Entry<String, FeatureDistribution> e : profile.features().entrySet()) {
            var feature = InputFeature.byTag(e.getKey());
            if (feature.isEmpty() || e.getValue().bins() > Byte.MAX_VALUE) {
                log.info("model {}: input profile feature '{}' ({} bins) is not one this service watches",
                        manifest.version(), e.getKey(), e.getValue().bins());
                continue;
            }
            known.add(feature.get());
            distributions.add(e.getValue());
        }
        version = manifest.version();
        features = known.toArray(new InputFeature[0]);
        references = distributions.toArray(new FeatureDistribution[0]);
        ring = new byte[features.length][window];
        counts = new int[features.length][];
        for (int f = 0; f < features.length; f++) {
            counts[f] = new int[references[f].bins()];
            int index = f;
            gauges.add(Gauge.builder(MeterNames.DRIFT_PSI, this, m -> m.psi(index))
                    .description("PSI of the last " + window + " images' feature against the model's input profile")
                    .tag(MeterNames.TAG_FEATURE, features[f].tag()).strongReference(true).register(registry));
        }
    }

    /** One image scored by {@code modelVersion}: its preprocessed input, predicted digit and confidence. */
    public synchronized void observe(String modelVersion, float[] image, int digit, double confidence) {
        if (!modelVersion.equals(version)) {
            return; // a thread finishing a batch with the version just replaced, or a version without a profile
        }
        int slot = (int) (seen % window);
        for (int f = 0; f < features.length; f++) {
            if (seen >= window) {
                counts[f][ring[f][slot]]--;
            }
            int bin = references[f].bin(features[f].value(image, digit, confidence));
            ring[f][slot] = (byte) bin;
            counts[f][bin]++;
        }
        seen++;
    }

    /** The PSI of feature number {@code index} over the window; NaN until the window is full. */
    private synchronized double psi(int index) {
        if (index >= features.length || seen < window) {
            return Double.NaN;
        }
        return references[index].psi(counts[index], window);
    }
}
