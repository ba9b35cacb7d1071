package io.digits.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.mnist.MnistFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps that put MNIST into the containers' data volume (compose's mnist-init service, the k8s Jobs'
 * fetch-mnist init containers) really produce the files the trainer and the producer accept: each script
 * is run here as written, with its data folder moved to a temporary one, and core's MnistFiles checks
 * the SHA-256 of what it left.
 */
class MnistInitIT {
    @TempDir
    Path folder;

    @Test
    void composeMnistInitFetchesWhatTheTrainerAccepts() throws Exception {
        String dataDir = "/home/node/mnist";
        String script = ComposeFile.load().command("mnist-init").get(0).replace("$$", "$");
        assertThat(script).contains(dataDir);
        assertFetches(script.replace(dataDir, folder.resolve("compose").toString()), folder.resolve("compose"));
    }

    @Test
    void kubernetesFetchMnistInitContainerFetchesWhatTheTrainerAccepts() throws Exception {
        Overlay dev = Overlay.build("dev");
        for (String job : new String[] {"trainer", "producer"}) {
            Container init = dev.one(Job.class, job).getSpec().getTemplate().getSpec().getInitContainers().get(0);
            assertThat(init.getName()).isEqualTo("fetch-mnist");
            String dataDir = init.getVolumeMounts().stream().filter(m -> m.getName().equals("mnist")).findFirst()
                    .orElseThrow().getMountPath();
            Container main = dev.one(Job.class, job).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(dev.environment(main)).as(job + " reads MNIST where the init container puts it")
                    .containsEntry("DIGITS_DATA", dataDir);
            Path target = folder.resolve(job);
            Files.createDirectories(target);
            String script = init.getArgs().get(0).replace(dataDir, target.toString()).replace("cd /tmp", "cd " + folder);
            assertFetches(script, target);
        }
    }

    private void assertFetches(String script, Path target) throws Exception {
        Files.createDirectories(target);
        ExternalTool.BASH.run(folder, Duration.ofMinutes(5), "-c", script).successfulOutput();
        assertThat(new MnistFiles(target).valid()).as("the four MNIST files with their SHA-256 in " + target).isTrue();
    }
}
