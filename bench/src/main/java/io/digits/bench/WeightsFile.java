package io.digits.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.digits.core.record.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The network's parameters in the order PyTorch's {@code nn.Sequential} lists them, for the Python peer:
 * one JSON line naming each parameter and its shape, then the values as little-endian float32.
 * DJL's and PyTorch's layouts agree (convolution weights out x in x h x w, dense weights out x in).
 */
final class WeightsFile {
    private WeightsFile() {
    }

    static void write(Block block, Path file) throws IOException {
        List<Map<String, Object>> layers = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray array = pair.getValue().getArray();
            layers.add(Map.of("name", pair.getKey(), "shape", array.getShape().getShape()));
            values.add(array.toFloatArray());
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(Json.mapper().writeValueAsString(Map.of("layers", layers)).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            for (float[] floats : values) {
                out.write(littleEndian(floats));
            }
        }
    }

    static byte[] littleEndian(float[] floats) {
        ByteBuffer buffer = ByteBuffer.allocate(floats.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(floats);
        return buffer.array();
    }
}
