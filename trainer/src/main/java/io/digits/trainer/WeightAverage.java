package io.digits.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The mean of a network's weights over several points of training (the end of each of the last epochs), kept
 * beside the live weights: {@link #add} after an epoch, {@link #apply} to put the mean in the network,
 * {@link #restore} to put back the weights it replaced. The network has no batch statistics, so the mean of the
 * weights is a complete model.
 */
final class WeightAverage implements AutoCloseable {
    private final NDManager manager;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> sums = new ArrayList<>();
    private final List<NDArray> replaced = new ArrayList<>();
    private int count;

    WeightAverage(Block block, NDManager parent) {
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray weights = p.getValue().getArray();
            parameters.add(p.getValue());
            sums.add(manager.zeros(weights.getShape(), weights.getDataType()));
        }
    }

    /** Adds the network's current weights to the mean. */
    void add() {
        for (int i = 0; i < parameters.size(); i++) {
            sums.get(i).addi(parameters.get(i).getArray());
        }
        count++;
    }

    /** How many points the mean is over. */
    int count() {
        return count;
    }

    /** Puts the mean into the network, keeping the weights it replaces for {@link #restore}. */
    void apply() {
        if (count == 0) {
            throw new IllegalStateException("no weights were added to the average");
        }
        replaced.forEach(NDArray::close);
        replaced.clear();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray live = parameters.get(i).getArray();
            NDArray copy = live.duplicate();
            copy.attach(manager);
            replaced.add(copy);
            try (NDArray mean = sums.get(i).div(count)) {
                mean.copyTo(live);
            }
        }
    }

    /** Puts back the weights the last {@link #apply} replaced. */
    void restore() {
        if (replaced.isEmpty()) {
            throw new IllegalStateException("the average was not applied");
        }
        for (int i = 0; i < parameters.size(); i++) {
            replaced.get(i).copyTo(parameters.get(i).getArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
