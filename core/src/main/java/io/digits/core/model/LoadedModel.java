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

    /** A new classifier for the calling thread; close it when the thread is done. */
    public DigitClassifier newClassifier() {
        return new DigitClassifier(model, version());
    }

    @Override
    public void close() {
        model.close();
    }
}
