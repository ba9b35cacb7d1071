package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
    @Test
    void appliesTheMeanOfTheAddedWeightsAndRestoresTheLiveOnes() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = Linear.builder().setUnits(2).build();
            block.setInitializer(new ConstantInitializer(1f), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            NDArray weight = block.getParameters().get("weight").getArray();
            try (WeightAverage average = new WeightAverage(block, manager)) {
                average.add();                  // 1
                weight.muli(3);
                average.add();                  // 3
                weight.muli(2);
                average.add();                  // 6: the live weights
                assertThat(average.count()).isEqualTo(3);

                average.apply();
                assertThat(weight.toFloatArray()).containsOnly(new float[] {10f / 3}, within(1e-6f));
                assertThat(block.getParameters().get("bias").getArray().toFloatArray()).containsOnly(0f);

                average.restore();
                assertThat(weight.toFloatArray()).containsOnly(6f);
            }
        }
    }

    @Test
    void refusesToApplyAnEmptyMean() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = Linear.builder().setUnits(2).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            try (WeightAverage average = new WeightAverage(block, manager)) {
                assertThatThrownBy(average::apply).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(average::restore).isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
