package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfile builds small non-root JRE images for the deployables, each with nothing but its own jars and its own main class. */
class DockerfileTest {
    private final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void hasATargetPerDeployableOnAJre17NonRootBase() {
        assertThat(dockerfile.targets()).containsAll(DeploymentNames.DEPLOYABLES);
        for (String target : DeploymentNames.DEPLOYABLES) {
            assertThat(dockerfile.baseImage(target)).as(target).startsWith("eclipse-temurin:17-jre");
            String user = dockerfile.effective(target, "USER").orElseThrow(() -> new AssertionError(target + " has no USER"));
            String uid = user.split(":")[0];
            assertThat(uid).as(target + " user").isNotIn("0", "root").matches("[0-9]+");
            assertThat(dockerfile.effective(target, "CMD")).as(target + " CMD").isPresent();
            assertThat(dockerfile.effective(target, "ENTRYPOINT").orElseThrow()).as(target)
                    .contains("-XX:MaxRAMPercentage=").contains("-Dai.djl.offline=true");
        }
    }

    @Test
    void defaultCommandsAreTheEntryPointsCommandsAndTheEnvironmentIsWhatTheyRead() throws Exception {
        for (String target : DeploymentNames.DEPLOYABLES) {
            String cmd = dockerfile.effective(target, "CMD").orElseThrow();
            List<String> args = List.of(Repo.JSON.readValue(cmd, String[].class));
            LauncherCommands.assertRuns(Dockerfile.PATH + " " + target, target, args, dockerfile.environment(target).keySet());
        }
    }

    /** One entry point per image, its deployable's own main class, not the launcher's. */
    @Test
    void entryPointIsTheDeployablesOwnMainClass() throws Exception {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> entryPoint = List.of(Repo.JSON.readValue(
                    dockerfile.effective(target, "ENTRYPOINT").orElseThrow(), String[].class));
            Class<?> main = LauncherCommands.IMAGE_MAINS.get(target);
            assertThat(entryPoint).as(target).endsWith("-cp", "/app/lib/*", main.getName());
            assertThat(main.getMethod("main", String[].class)).as(target).isNotNull();
        }
        assertThat(LauncherCommands.IMAGE_MAINS.keySet()).containsExactlyInAnyOrderElementsOf(DeploymentNames.DEPLOYABLES);
    }

    /** An image's subcommands are the very commands of ./digits, so the image runs what the launcher runs. */
    @Test
    void imageSubcommandsAreTheLaunchersOwnCommands() {
        var launcher = LauncherCommands.launcher().getSubcommands();
        for (String target : DeploymentNames.DEPLOYABLES) {
            var image = LauncherCommands.image(target).getSubcommands();
            assertThat(image).as(target).isNotEmpty();
            image.forEach((name, command) -> {
                assertThat(launcher).as(target + " " + name).containsKey(name);
                assertThat(command.getCommand().getClass()).as(target + " " + name)
                        .isEqualTo(launcher.get(name).getCommand().getClass());
            });
        }
    }

    @Test
    void runtimeStagesCopyOnlyTheirOwnBuiltJars() {
        for (String target : DeploymentNames.DEPLOYABLES) {
            List<String> copies = new java.util.ArrayList<>();
            for (Dockerfile.Stage stage : dockerfile.chain(target)) {
                assertThat(stage.all("ADD")).as(stage.name() + " ADD").isEmpty();
                stage.all("COPY").forEach(copy -> copies.add(copy.arguments()));
                assertThat(stage.all("VOLUME")).as(stage.name()).isEmpty();
            }
            assertThat(copies).as(target + " COPY").containsExactly("--from=build /app/lib/" + target + "/ /app/lib/");
        }
        Dockerfile.Stage build = dockerfile.stages().get("build");
        assertThat(build.from()).startsWith("eclipse-temurin:17-jdk");
        // only the deployables are built, and each /app/lib is laid out by the step ImageContentsIT runs, so what
        // it checks is what the image holds
        assertThat(build.all("RUN")).anySatisfy(run -> {
            assertThat(run.arguments()).contains("./mvnw", "-pl " + String.join(",", DeploymentNames.DEPLOYABLES) + " -am package");
            for (String target : DeploymentNames.DEPLOYABLES) {
                assertThat(run.arguments()).contains("docker/app-libs.sh " + target + " /app/lib/" + target);
            }
        });
    }

    @Test
    void buildContextLeavesOutBuildOutputModelsAndData() {
        List<String> ignored = Repo.read(".dockerignore").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains(".git", "**/target", "models", "data", "*.params", "*-ubyte");
    }

    @Test
    void pathsAndPortAgreeWithComposeAndKubernetes() {
        ComposeFile compose = ComposeFile.load();
        var env = dockerfile.environment("streams-app");
        assertThat(compose.environment("streams-app")).containsEntry("DIGITS_REGISTRY", env.get("DIGITS_REGISTRY"));
        assertThat(compose.environment("trainer")).containsEntry("DIGITS_REGISTRY", env.get("DIGITS_REGISTRY"))
                .containsEntry("DIGITS_DATA", env.get("DIGITS_DATA"));
        assertThat(dockerfile.effective("streams-app", "EXPOSE")).contains(compose.environment("streams-app").get("DIGITS_PORT"));
        assertThat(Repo.read("k8s/base/streams-app-deployment.yaml")).contains("mountPath: " + env.get("DIGITS_REGISTRY"))
                .contains("mountPath: " + env.get("DJL_CACHE_DIR").replace("/djl", ""));
    }
}
