package io.digits.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digits.core.drift.InputProfile;
import io.digits.core.model.ClassMetrics;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.OodRegression;
import io.digits.core.model.SetMetrics;
import io.digits.core.model.topic.LivePointer;
import io.digits.core.model.topic.ModelRecords;
import io.digits.core.model.topic.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Round trips of every JSON record format, unknown fields tolerated, missing required ones rejected. */
class JsonFormatsTest {
    private static final Prediction PREDICTION = new Prediction("mnist-test-00042", 4,
            0.87f, new float[] {0.01f, 0.0f, 0.02f, 0.0f, 0.87f, 0.0f, 0.0f, 0.0f, 0.0f, 0.1f}, "20261124-073000", 9,
            false, 1_795_000_000_000L, 1_795_000_000_123L);
    private static final LivePointer LIVE = new LivePointer("digits", "20261124-073000", "ab".repeat(32),
            List.of("20261123-000000"), "2026-11-24T07:30:00Z");
    private static final ModelManifest MANIFEST = new ModelManifest("digits", "20261124-073000",
            "2026-11-24T07:30:00Z", "seed-cnn-v1", "mnist-com-v1", new long[] {1, 28, 28}, "digits-0003.params",
            "cd".repeat(32), 0.9921, List.of(new ClassMetrics(0, 0.99, 0.995, 0.9925, 980)),
            Map.of("epochs", 3, "optimizer", "rmsprop", "batchSize", 128));

    @Test
    void predictionRoundTripsThroughItsSerde() {
        assertThat(roundTrip(new PredictionSerde(), PREDICTION)).isEqualTo(PREDICTION);
        Prediction unlabelled = new Prediction("x", 1, 0.4f, new float[10], "v1", null, true, 1, 2);
        Prediction back = roundTrip(new PredictionSerde(), unlabelled);
        assertThat(back).isEqualTo(unlabelled);
        assertThat(back.label()).isNull();
        assertThat(back.correct()).isNull();
        assertThat(PREDICTION.correct()).isFalse();
    }

    @Test
    void predictionJsonHasTheDocumentedFields() throws Exception {
        JsonNode json = Json.mapper().readTree(new PredictionSerde().serializer().serialize("t", PREDICTION));
        assertThat(json.fieldNames()).toIterable().contains("id", "digit", "confidence", "probabilities", "model",
                "label", "lowConfidence", "inputTimestamp", "predictedAt");
        assertThat(json.get("probabilities")).hasSize(10);
        assertThat(json.get("digit").asInt()).isEqualTo(4);
    }

    @Test
    void livePointerAndVersionRecordRoundTripAsJson() throws Exception {
        assertThat(Json.mapper().readValue(ModelRecords.json(LIVE), LivePointer.class)).isEqualTo(LIVE);
        VersionRecord version = new VersionRecord("digits", "20261124-073000", "2026-11-24T07:31:00Z", 1_900_000,
                "ef".repeat(32), ModelRecords.CHUNK_SIZE, List.of("01".repeat(32), "02".repeat(32)), MANIFEST);
        assertThat(Json.mapper().readValue(ModelRecords.json(version), VersionRecord.class))
                .usingRecursiveComparison().isEqualTo(version);
    }

    @Test
    void manifestRoundTripsAsJson() throws Exception {
        byte[] json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(MANIFEST);
        ModelManifest back = Json.mapper().readValue(json, ModelManifest.class);
        assertThat(back).usingRecursiveComparison().isEqualTo(MANIFEST);
        assertThat(back.inputShape()).containsExactly(1, 28, 28);
        assertThat(back.perClass()).containsExactly(new ClassMetrics(0, 0.99, 0.995, 0.9925, 980));
    }

    @Test
    void manifestCarriesTheFiguresBeyondMnistAndOlderManifestsWithoutThemStillLoad() throws Exception {
        Map<String, SetMetrics> ood = new java.util.LinkedHashMap<>();
        ood.put("downsample-8", new SetMetrics(1000, 0.71, java.util.Collections.nCopies(10, 0.7)));
        ood.put("fonts", new SetMetrics(1200, 0.95, java.util.Collections.nCopies(10, 0.95)));
        ModelManifest withOod = new ModelManifest("digits", "v2", "2026-11-27T15:00:00Z", "seed-cnn-v1",
                "mnist-com-v1", new long[] {1, 28, 28}, "digits-0001.params", "cd".repeat(32), 0.99, List.of(),
                Map.of(), ood, new OodRegression("v1", 2.0, "mean 0.83 < 0.86"), null);
        ModelManifest back = Json.mapper().readValue(Json.mapper().writeValueAsBytes(withOod), ModelManifest.class);
        assertThat(back.outOfDistribution()).containsExactlyEntriesOf(ood);
        assertThat(back.oodRegression()).isEqualTo(new OodRegression("v1", 2.0, "mean 0.83 < 0.86"));

        JsonNode old = Json.mapper().valueToTree(MANIFEST);
        assertThat(old.has("oodRegression")).as("null flag left out").isFalse();
        ((ObjectNode) old).remove("outOfDistribution");
        ModelManifest loaded = Json.mapper().treeToValue(old, ModelManifest.class);
        assertThat(loaded.outOfDistribution()).isEmpty();
        assertThat(loaded.oodRegression()).isNull();
    }

    @Test
    void manifestCarriesTheInputProfileAndOlderManifestsWithoutItStillLoad() throws Exception {
        float[] image = new float[784];
        image[14 * 28 + 14] = 1f;
        float[] probabilities = {0.02f, 0.9f, 0.08f, 0, 0, 0, 0, 0, 0, 0};
        InputProfile profile = InputProfile.builder("validation split").add(image, probabilities).build();
        ModelManifest withProfile = new ModelManifest("digits", "v3", "2026-11-28T00:00:00Z", "seed-cnn-v1",
                "mnist-com-v1", new long[] {1, 28, 28}, "digits-0001.params", "cd".repeat(32), 0.99, List.of(),
                Map.of(), Map.of(), null, profile);
        ModelManifest back = Json.mapper().readValue(Json.mapper().writeValueAsBytes(withProfile), ModelManifest.class);
        assertThat(back.inputProfile()).isEqualTo(profile);
        assertThat(back.inputProfile().features().keySet())
                .containsExactly("digit", "confidence", "ink", "box-width", "box-height");

        JsonNode old = Json.mapper().valueToTree(MANIFEST);
        assertThat(old.has("inputProfile")).as("no profile: left out").isFalse();
        assertThat(Json.mapper().treeToValue(old, ModelManifest.class).inputProfile()).isNull();

        ObjectNode broken = Json.mapper().valueToTree(withProfile);
        ((ObjectNode) broken.path("inputProfile").path("features").path("digit")).putArray("shares").add(1.0);
        assertThatThrownBy(() -> Json.mapper().treeToValue(broken, ModelManifest.class))
                .hasMessageContaining("1 shares for 9 edges, expected 10");
    }

    @Test
    void unknownFieldsAreTolerated() throws Exception {
        Serde<Prediction> serde = new PredictionSerde();
        ObjectNode json = (ObjectNode) Json.mapper().readTree(serde.serializer().serialize("t", PREDICTION));
        json.put("addedInAFutureVersion", "ignored").putObject("nested").put("x", 1);
        assertThat(serde.deserializer().deserialize("t", Json.mapper().writeValueAsBytes(json))).isEqualTo(PREDICTION);

        ObjectNode manifest = Json.mapper().valueToTree(MANIFEST);
        manifest.put("signedBy", "someone");
        assertThat(Json.mapper().treeToValue(manifest, ModelManifest.class).version()).isEqualTo(MANIFEST.version());

        ObjectNode live = Json.mapper().valueToTree(LIVE);
        live.put("size", 1_900_000);
        assertThat(Json.mapper().treeToValue(live, LivePointer.class)).isEqualTo(LIVE);
    }

    @Test
    void missingRequiredFieldsAreRejectedWithAMessageNamingThem() throws Exception {
        for (String field : List.of("id", "digit", "confidence", "probabilities", "model", "inputTimestamp", "predictedAt")) {
            ObjectNode json = Json.mapper().valueToTree(PREDICTION);
            json.remove(field);
            assertThatThrownBy(() -> new PredictionSerde().deserializer().deserialize("t", Json.mapper().writeValueAsBytes(json)))
                    .as(field).isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("not a valid Prediction JSON record: ")
                    .hasMessageContaining("'" + field + "'")
                    .hasMessageNotContaining("\n");
        }
        ObjectNode live = Json.mapper().valueToTree(LIVE);
        live.remove("sha256");
        assertThatThrownBy(() -> Json.mapper().treeToValue(live, LivePointer.class)).hasMessageContaining("'sha256'");
        ObjectNode manifest = Json.mapper().valueToTree(MANIFEST);
        manifest.remove("architecture");
        assertThatThrownBy(() -> Json.mapper().treeToValue(manifest, ModelManifest.class))
                .hasMessageContaining("'architecture'");
    }

    @Test
    void invalidValuesAndNonJsonAreRejected() throws Exception {
        var deserializer = new PredictionSerde().deserializer();
        ObjectNode json = Json.mapper().valueToTree(PREDICTION);
        json.put("digit", 10);
        assertThatThrownBy(() -> deserializer.deserialize("t", Json.mapper().writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("digit must be 0..9, was 10");
        json.put("digit", 4).putArray("probabilities").add(1f);
        assertThatThrownBy(() -> deserializer.deserialize("t", Json.mapper().writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("10 values");
        assertThatThrownBy(() -> deserializer.deserialize("t", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("not a valid Prediction JSON record");
        assertThat(deserializer.deserialize("t", null)).isNull();
        assertThat(new PredictionSerde().serializer().serialize("t", null)).isNull();
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("topic", serde.serializer().serialize("topic", value));
    }
}
