package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfile builds small non-root JRE images for the deployables, with nothing but the jars in them. */
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
            assertThat(dockerfile.effective(target, "ENTRYPOINT").orElseThrow())
                    .contains("io.digits.cli.Digits").contains("-Dai.djl.offline=true");
        }
    }

    @Test
    void defaultCommandsAreLauncherCommandsAndTheEnvironmentIsWhatTheyRead() throws Exception {
        for (String target : DeploymentNames.DEPLOYABLES) {
            String cmd = dockerfile.effective(target, "CMD").orElseThrow();
            List<String> args = List.of(Repo.JSON.readValue(cmd, String[].class));
            LauncherCommands.assertRuns(Dockerfile.PATH + " " + target, args, dockerfile.environment(target).keySet());
        }
    }

    @Test
    void entryPointIsTheLaunchersMainClass() throws ClassNotFoundException {
        assertThat(Class.forName("io.digits.cli.Digits")).isNotNull();
    }

    @Test
    void runtimeStagesCopyOnlyTheBuiltJars() {
        for (String target : DeploymentNames.DEPLOYABLES) {
            for (Dockerfile.Stage stage : dockerfile.chain(target)) {
                assertThat(stage.all("ADD")).as(stage.name() + " ADD").isEmpty();
                assertThat(stage.all("COPY")).as(stage.name() + " COPY").allSatisfy(copy ->
                        assertThat(copy.arguments()).startsWith("--from=build /app/lib/ /app/lib/"));
                assertThat(stage.all("VOLUME")).as(stage.name()).isEmpty();
            }
        }
        assertThat(dockerfile.stages().get("build").from()).startsWith("eclipse-temurin:17-jdk");
        // the step ImageContentsIT runs, so what it checks is what the image holds
        assertThat(dockerfile.stages().get("build").all("RUN")).anySatisfy(run ->
                assertThat(run.arguments()).contains("./mvnw").endsWith("docker/app-libs.sh /app/lib"));
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
