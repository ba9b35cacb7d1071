package io.digits.command;

import io.digits.core.model.ModelRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --registry} and {@code --model-name} options of every command that reads or publishes models
 * (a picocli mixin): the flag, else {@code DIGITS_REGISTRY} / {@code DIGITS_MODEL_NAME}, else {@code models}
 * and {@value ModelRegistry#DEFAULT_NAME}. A name the registry cannot hold is a usage error.
 */
public final class RegistryOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--registry", paramLabel = "DIR", defaultValue = "${env:DIGITS_REGISTRY:-models}",
            description = "Model registry folder (env DIGITS_REGISTRY; default ${DEFAULT-VALUE}).")
    Path registry;

    private String modelName;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = "${env:DIGITS_MODEL_NAME:-" + ModelRegistry.DEFAULT_NAME + "}",
            description = "Model name in the registry (env DIGITS_MODEL_NAME; default ${DEFAULT-VALUE}).")
    void modelName(String name) {
        try {
            modelName = ModelRegistry.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--model-name: " + e.getMessage());
        }
    }

    public Path registry() {
        return registry;
    }

    public String modelName() {
        return modelName;
    }
}
