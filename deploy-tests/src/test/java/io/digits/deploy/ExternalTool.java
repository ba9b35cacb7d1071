package io.digits.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program the checks run (kubectl, docker-compose, promtool, prometheus). When it is missing the test is
 * skipped with the line that installs it, except under CI ({@code CI} set), where {@code .ci/run} installs
 * them and a missing one fails the build.
 */
record ExternalTool(String name, String install) {
    static final ExternalTool KUBECTL = new ExternalTool("kubectl", "apt-get install kubernetes-client");
    static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose", "apt-get install docker-compose");
    static final ExternalTool PROMTOOL = new ExternalTool("promtool", "apt-get install prometheus");
    static final ExternalTool PROMETHEUS = new ExternalTool("prometheus", "apt-get install prometheus");
    static final ExternalTool BASH = new ExternalTool("bash", "apt-get install bash");

    /** The path of the program; skips (or, under CI, fails) the test when it is not on the PATH. */
    Path require() {
        Path found = find();
        String message = name + " is not installed (" + install + ", or run .ci/run which installs it)";
        if (found == null && System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        assumeTrue(found != null, message);
        return found;
    }

    private Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs the program with {@code args} in {@code dir}; stdout and stderr are returned, never inherited. */
    Result run(Path dir, Duration timeout, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(name, ".out");
            Path err = Files.createTempFile(name, ".err");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(String.join(" ", command), process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    record Result(String command, int exitCode, String stdout, String stderr) {
        /** The standard output; fails with the command and its stderr when the exit code is not 0. */
        String successfulOutput() {
            if (exitCode != 0) {
                throw new AssertionError(command + " exited " + exitCode + ":\n" + stderr + stdout);
            }
            return stdout;
        }
    }
}
