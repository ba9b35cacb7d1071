package io.digits.core.model;

import ai.djl.Model;

/**
 * A verified model artifact loaded into the engine. Thread-safe; hands out one {@link DigitClassifier}
 * per thread (a DJL predictor is not thread-safe). Close it after all of its classifiers.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelArtifact artifact;
    private final Model model;

    private LoadedModel(ModelArtifact artifact, Model model) {
        this.artifact = artifact;
        this.model = model;
    }

    /** Loads a verified artifact's parameters into the seed CNN. */
    public static LoadedModel load(ModelArtifact artifact) throws ArtifactRejectedException {
        return new LoadedModel(artifact, artifact.loadModel());
    }

    /** Wraps a model already in memory (e.g. just trained) under a version name. */
    public static LoadedModel of(Model model, ModelArtifact artifact) {
        return new LoadedModel(artifact, model);
    }

    public String version() {
        return artifact.version();
    }

    public ModelArtifact artifact() {
        return artifact;
    }

    public Model model() {
        return model;
    }

    /**
     * A new classifier for the calling thread, computing on that one thread; close it when the thread is done.
     * Use as many classifiers (threads) as cores for throughput: that beats one classifier spread over the cores.
     */
    public DigitClassifier newClassifier() {
        return newClassifier(1);
    }

    /**
     * A new classifier whose every inference is split over {@code intraOpThreads} threads: lower latency for a
     * single caller with idle cores, at some cost in throughput (see bench/README.md).
     */
    public DigitClassifier newClassifier(int intraOpThreads) {
        return new DigitClassifier(model, version(), intraOpThreads);
    }

    @Override
    public void close() {
        model.close();
    }
}
