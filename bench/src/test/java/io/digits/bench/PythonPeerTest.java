package io.digits.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.digits.core.model.DigitNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer is only a fair comparison if it computes what we compute: same weights, same probabilities. */
class PythonPeerTest {

    @Test
    void thePeerWithOurWeightsGivesOurLogits(@TempDir Path dir) throws Exception {
        assumeThat(pythonHasTorch()).as("/usr/bin/python3 with torch (apt-get install python3-torch)").isTrue();
        try (Model model = Model.newInstance("peer-test", "PyTorch"); PythonPeer peer = PythonPeer.start(PythonPeer.DEFAULT_PYTHON, dir)) {
            Block block = DigitNetwork.build();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
            Path weights = dir.resolve("weights.f32");
            WeightsFile.write(block, weights);
            peer.command("weights " + weights);
            float[][] images = ClassifierWorkload.randomImages(4);

            float[][] theirs = peer.classify(images, dir);
            float[][] ours;
            try (NDManager manager = model.getNDManager().newSubManager()) {
                float[] flat = new float[4 * 784];
                for (int i = 0; i < 4; i++) {
                    System.arraycopy(images[i], 0, flat, i * 784, 784);
                }
                float[] probabilities = block.forward(new ParameterStore(manager, false),
                        new NDList(manager.create(flat, new Shape(4, 1, 28, 28))), false)
                        .singletonOrThrow().softmax(1).toFloatArray();
                ours = new float[4][10];
                for (int i = 0; i < 4; i++) {
                    System.arraycopy(probabilities, i * 10, ours[i], 0, 10);
                }
            }
            for (int i = 0; i < 4; i++) {
                assertThat(theirs[i]).containsExactly(ours[i], within(1e-4f));
            }
            assertThat(peer.inference(2, 1).measure(0.05).units()).isPositive();
        }
    }

    private static boolean pythonHasTorch() throws Exception {
        if (!Files.isExecutable(Path.of(PythonPeer.DEFAULT_PYTHON))) {
            return false;
        }
        Process process = new ProcessBuilder(PythonPeer.DEFAULT_PYTHON, "-c", "import torch").start();
        return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
