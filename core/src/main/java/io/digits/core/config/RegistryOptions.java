package io.digits.core.config;

import io.digits.core.model.ModelRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --registry} and {@code --model-name} options of every command that reads or publishes models
 * (a picocli mixin): the flag, else {@code DIGITS_REGISTRY} / {@code DIGITS_MODEL_NAME}, else {@code models}
 * and {@value ModelRegistry#DEFAULT_NAME}.
 */
public final class RegistryOptions {
    @Option(names = "--registry", paramLabel = "DIR", defaultValue = "${env:DIGITS_REGISTRY:-models}",
            description = "Model registry folder (env DIGITS_REGISTRY; default ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = "${env:DIGITS_MODEL_NAME:-" + ModelRegistry.DEFAULT_NAME + "}",
            description = "Model name in the registry (env DIGITS_MODEL_NAME; default ${DEFAULT-VALUE}).")
    String modelName;

    public Path registry() {
        return registry;
    }

    public String modelName() {
        return modelName;
    }
}
