package io.digits.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.digits.core.drift.InputProfile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code manifest.json} of a published model: what it is, how good it is, and how to trust its bytes.
 *
 * @param name           model name (the registry sub-folder)
 * @param version        the version (the folder name), sortable by time
 * @param createdAt      ISO-8601 instant of publication
 * @param architecture   {@link DigitNetwork#ARCHITECTURE_ID} of the block that fits the parameters
 * @param preprocessing  the preprocessing id the model was trained with
 * @param inputShape     the network input shape, channels first
 * @param paramsFile     the DJL parameter file's name inside the folder
 * @param sha256         SHA-256 (hex) of the parameter file
 * @param testAccuracy   accuracy on the official 10k MNIST test set, 0..1 (null if not evaluated)
 * @param perClass       per-digit precision, recall and F1 on the test set
 * @param training       the training configuration (profile, epochs, batch size, optimizer, ...)
 * @param outOfDistribution accuracy and per-digit recall on each evaluation set beyond MNIST's test set, by set
 *                       name (empty in manifests written before there were such sets)
 * @param oodRegression  set only when the model was published although it fell below the model it replaced
 *                       on those sets ({@code train --allow-ood-regression}); null otherwise
 * @param inputProfile   the distributions of the input features on the images the model was validated on, which
 *                       the service measures drift against; null in manifests written before there were any
 */
public record ModelManifest(
        String name,
        String version,
        String createdAt,
        String architecture,
        String preprocessing,
        long[] inputShape,
        String paramsFile,
        String sha256,
        Double testAccuracy,
        List<ClassMetrics> perClass,
        Map<String, Object> training,
        Map<String, SetMetrics> outOfDistribution,
        @JsonInclude(JsonInclude.Include.NON_NULL) OodRegression oodRegression,
        @JsonInclude(JsonInclude.Include.NON_NULL) InputProfile inputProfile) {

    /** A manifest without figures beyond MNIST's test set (as every manifest was before them). */
    public ModelManifest(String name, String version, String createdAt, String architecture, String preprocessing,
                         long[] inputShape, String paramsFile, String sha256, Double testAccuracy,
                         List<ClassMetrics> perClass, Map<String, Object> training) {
        this(name, version, createdAt, architecture, preprocessing, inputShape, paramsFile, sha256, testAccuracy,
                perClass, training, null, null, null);
    }

    public ModelManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(preprocessing, "preprocessing");
        inputShape = Objects.requireNonNull(inputShape, "inputShape").clone();
        Objects.requireNonNull(paramsFile, "paramsFile");
        Objects.requireNonNull(sha256, "sha256");
        perClass = perClass == null ? List.of() : List.copyOf(perClass);
        training = training == null ? Map.of() : Map.copyOf(training);
        outOfDistribution = outOfDistribution == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outOfDistribution));
    }

    /** For Jackson: a manifest from its JSON form, where sections added later may be missing. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ModelManifest fromJson(Stored json) {
        return new ModelManifest(json.name, json.version, json.createdAt, json.architecture, json.preprocessing,
                json.inputShape, json.paramsFile, json.sha256, json.testAccuracy, json.perClass, json.training,
                json.outOfDistribution, json.oodRegression, json.inputProfile);
    }

    /**
     * The JSON form as read: the original fields through a creator (so a missing required one is named in the
     * error), the sections added since as optional properties (the mapper refuses missing creator properties).
     */
    static final class Stored {
        final String name;
        final String version;
        final String createdAt;
        final String architecture;
        final String preprocessing;
        final long[] inputShape;
        final String paramsFile;
        final String sha256;
        final Double testAccuracy;
        final List<ClassMetrics> perClass;
        final Map<String, Object> training;
        @JsonProperty("outOfDistribution")
        Map<String, SetMetrics> outOfDistribution;
        @JsonProperty("oodRegression")
        OodRegression oodRegression;
        @JsonProperty("inputProfile")
        InputProfile inputProfile;

        @JsonCreator
        Stored(@JsonProperty(value = "name", required = true) String name,
               @JsonProperty(value = "version", required = true) String version,
               @JsonProperty(value = "createdAt", required = true) String createdAt,
               @JsonProperty(value = "architecture", required = true) String architecture,
               @JsonProperty(value = "preprocessing", required = true) String preprocessing,
               @JsonProperty(value = "inputShape", required = true) long[] inputShape,
               @JsonProperty(value = "paramsFile", required = true) String paramsFile,
               @JsonProperty(value = "sha256", required = true) String sha256,
               @JsonProperty("testAccuracy") Double testAccuracy,
               @JsonProperty("perClass") List<ClassMetrics> perClass,
               @JsonProperty("training") Map<String, Object> training) {
            this.name = name;
            this.version = version;
            this.createdAt = createdAt;
            this.architecture = architecture;
            this.preprocessing = preprocessing;
            this.inputShape = inputShape;
            this.paramsFile = paramsFile;
            this.sha256 = sha256;
            this.testAccuracy = testAccuracy;
            this.perClass = perClass;
            this.training = training;
        }
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }
}
