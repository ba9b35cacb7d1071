package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the images hold and how they start, without a Docker engine: {@code docker/app-libs.sh} (the
 * Dockerfile's own step) lays out {@code /app/lib} in a temporary folder from this build, and each image's
 * ENTRYPOINT and CMD, taken from the Dockerfile with the image's ENV, run from there.
 */
class ImageContentsIT {
    @TempDir
    static Path folder;
    private static Path lib;
    private static final Dockerfile DOCKERFILE = Dockerfile.load();

    @BeforeAll
    static void layOutAppLib() {
        lib = folder.resolve("app/lib");
        String output = ExternalTool.BASH.run(Repo.root(), Duration.ofMinutes(2), "docker/app-libs.sh", lib.toString())
                .successfulOutput();
        assertThat(output).startsWith("app-libs: ");
    }

    @Test
    void libHoldsJarsOnlyAndNoModelOrData() throws IOException {
        try (var files = Files.list(lib)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).isNotEmpty().allMatch(n -> n.endsWith(".jar"));
            assertThat(names).anyMatch(n -> n.startsWith("cli-"));
        }
    }

    @Test
    void everyImageStartsItsCommand() throws Exception {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> command = imageCommand(target);
            command.add("--help");
            Process process = start(target, command);
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(target).isTrue();
            String subcommand = command.get(command.indexOf("io.digits.cli.Digits") + 1);
            assertThat(process.exitValue()).as(target + ": " + output).isZero();
            assertThat(output).as(target).startsWith("Usage: digits " + subcommand);
        }
    }

    /** The image's ENTRYPOINT then CMD, with /app/lib pointing at the folder laid out here. */
    static List<String> imageCommand(String target) throws IOException {
        List<String> command = new ArrayList<>();
        for (String key : List.of("ENTRYPOINT", "CMD")) {
            String json = DOCKERFILE.effective(target, key).orElseThrow(() -> new AssertionError(target + " has no " + key));
            for (String arg : Repo.JSON.readValue(json, String[].class)) {
                command.add(arg.replace("/app/lib/", lib + "/"));
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        command.set(0, command.get(0).equals("java") ? java : command.get(0));
        return command;
    }

    /** Starts {@code command} with the image's ENV, its folders moved under the temporary folder. */
    static Process start(String target, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(folder.toFile());
        Map<String, String> env = builder.environment();
        DOCKERFILE.environment(target).forEach((k, v) -> env.put(k, v.startsWith("/") ? folder + v : v));
        return builder.start();
    }
}
