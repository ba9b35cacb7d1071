package io.digits.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import org.junit.jupiter.api.Test;

class DigitNetworkTest {

    @Test
    void mapsABatchOfImagesToTenLogits() {
        try (Model model = Model.newInstance("t", "PyTorch"); NDManager manager = model.getNDManager().newSubManager()) {
            Block block = DigitNetwork.build();
            block.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(DigitNetwork.INPUT_SHAPE));
            NDArray out = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0, 1, new Shape(3, 1, 28, 28))), false).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(3, 10));
        }
    }

    @Test
    void countsTheSeedNetworksMultiplyAdds() {
        // 0.6 M + 19.3 M + 3.6 M + 7.2 M + 0.8 M: "about 32 M" per image, as the design says
        assertThat(DigitNetwork.MULTIPLY_ADDS).isBetween(31_000_000L, 33_000_000L);
    }
}
