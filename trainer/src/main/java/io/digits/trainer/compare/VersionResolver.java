package io.digits.trainer.compare;

import io.digits.core.model.ArtifactRejectedException;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelCatalog;
import java.io.IOException;

/**
 * Finds a version of a model the way the service does: on the models topic ({@link ModelCatalog}, reassembled,
 * verified and cached in the local registry folder), else in that folder. The word {@value #LIVE} names the
 * topic's live version.
 */
public final class VersionResolver {
    public static final String LIVE = "live";

    private final ModelCatalog catalog;
    private final ModelRegistry registry;
    private final String name;
    private final String topic;

    public VersionResolver(ModelCatalog catalog, ModelRegistry registry, String name, String topic) {
        this.catalog = catalog;
        this.registry = registry;
        this.name = name;
        this.topic = topic;
    }

    /**
     * The verified artifact of {@code version}.
     *
     * @throws ArtifactRejectedException one line: unknown version, no live version, corrupt or incompatible
     */
    public ModelArtifact resolve(String version) throws ArtifactRejectedException {
        String wanted = version;
        if (LIVE.equals(version)) {
            wanted = catalog.live(name).map(LivePointer::version).orElseThrow(() -> new ArtifactRejectedException(
                    "model " + name + " has no live version on " + topic));
        }
        if (catalog.version(name, wanted).isPresent()) {
            return catalog.install(registry, name, wanted);
        }
        try {
            if (registry.versions(name).contains(wanted)) {
                return registry.open(name, wanted);
            }
        } catch (IOException e) {
            throw new ArtifactRejectedException("cannot read the model registry " + registry.root() + ": "
                    + e.getMessage(), e);
        }
        throw new ArtifactRejectedException("no version " + wanted + " of model " + name + " on " + topic + " nor in "
                + registry.root());
    }
}
