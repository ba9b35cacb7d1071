package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.command.CommandLines;
import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelArtifact;
import io.digits.core.model.ModelManifest;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.CandidatePointer;
import io.digits.core.model.topic.ModelCatalog;
import io.digits.core.model.topic.ModelRecords;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.model.topic.PromotionDecision;
import io.digits.core.record.Json;
import io.digits.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code digits models ...} against a real KRaft broker with the trained test model (~1.9 MB of parameters). */
class ModelsCommandIT {
    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs {@code digits models ARGS} with its output captured (shared with {@link ModelsCompareIT}). */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.of(new ModelsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A copy of the trained model under another version (same parameters). */
    private Path copyAs(ModelArtifact artifact, String version) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve(version));
        try (var files = Files.list(artifact.folder())) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        ModelManifest m = artifact.manifest();
        ModelManifest renamed = new ModelManifest(m.name(), version, m.createdAt(), m.architecture(), m.preprocessing(),
                m.inputShape(), m.paramsFile(), m.sha256(), m.testAccuracy(), m.perClass(), m.training());
        Files.write(folder.resolve(ModelArtifact.MANIFEST), Json.mapper().writeValueAsBytes(renamed));
        return folder;
    }

    @Test
    void publishListShowPromoteAndRollBackOnADefaultOneMegabyteTopic() throws Exception {
        String topic = "models-cli";
        String bootstrap = kafka.bootstrapServers();
        ModelArtifact trained = TestModels.trained();
        String v1 = trained.version();
        Path second = copyAs(trained, "20991231-000000");

        // the registry folder (its latest version), live at once; then a version folder, not live
        Run first = run("publish", TestModels.registryFolder().toString(), "--live", "--bootstrap", bootstrap,
                "--models-topic", topic);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("published digits version " + v1 + " (").contains("chunks) on models-cli, live");
        Run published = run("publish", second.toString(), "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(published.exit()).as(published.err()).isZero();
        // the topic was created with the broker's default max.message.bytes (1 MB): chunks fit
        var config = kafka.admin().describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic))).all().get().values().iterator().next();
        assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).isDefault()).isTrue();
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");

        Run list = run("list", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("VERSION").contains("ACCURACY", "SIZE", "PUBLISHED", "ROLE");
        assertThat(lines.get(1)).startsWith(v1).contains(String.format(java.util.Locale.ROOT, "%.4f",
                trained.manifest().testAccuracy())).contains("MiB").endsWith("live");
        assertThat(lines.get(2)).startsWith("20991231-000000").doesNotEndWith("live");

        Run show = run("show", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(show.out()).contains("version       " + v1 + " (live since").contains(trained.manifest().sha256());

        Run promote = run("promote", "20991231-000000", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out().trim()).isEqualTo("model digits version 20991231-000000 is live (was " + v1 + ")");
        assertThat(run("list", "--bootstrap", bootstrap, "--models-topic", topic).out().lines().toList().get(2)).endsWith("live");

        Run rollback = run("rollback", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out().trim()).isEqualTo("model digits rolled back to version " + v1 + " (was 20991231-000000)");
        Run again = run("rollback", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(again.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(again.err().trim()).isEqualTo("models rollback: model digits has no earlier live version on "
                + topic + " to roll back to (live: " + v1 + ")");

        // a second instance with an empty registry gets the very artifact
        ModelCatalog catalog = new ModelTopic(new KafkaClients(bootstrap, new Properties()), topic, Duration.ofSeconds(30)).read();
        ModelArtifact installed = catalog.install(new ModelRegistry(tmp.resolve("cache")), "digits", v1);
        assertThat(installed.folder().resolve(trained.manifest().paramsFile()))
                .hasSameBinaryContentAs(trained.folder().resolve(trained.manifest().paramsFile()));
        assertThat(catalog.chunks("digits", v1)).allSatisfy(c -> assertThat(c.data().length).isLessThanOrEqualTo(ModelRecords.CHUNK_SIZE));
    }

    @Test
    void aCandidateIsPublishedNamedClearedAndPromoted() throws Exception {
        String topic = "models-candidate";
        String bootstrap = kafka.bootstrapServers();
        ModelArtifact trained = TestModels.trained();
        String v1 = trained.version();
        String v2 = "20991231-000001";
        Path second = copyAs(trained, v2);
        assertThat(run("publish", TestModels.registryFolder().toString(), "--live", "--bootstrap", bootstrap,
                "--models-topic", topic).exit()).isZero();

        Run published = run("publish", second.toString(), "--candidate", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out().trim()).endsWith("chunks) on " + topic + ", candidate");
        List<String> lines = run("list", "--bootstrap", bootstrap, "--models-topic", topic).out().lines().toList();
        assertThat(lines.get(1)).startsWith(v1).endsWith("live");
        assertThat(lines.get(2)).startsWith(v2).endsWith("candidate");
        assertThat(run("show", v2, "--bootstrap", bootstrap, "--models-topic", topic).out())
                .contains("version       " + v2 + " (candidate since");

        Run cleared = run("candidate", "--clear", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(cleared.exit()).as(cleared.err()).isZero();
        assertThat(cleared.out().trim()).isEqualTo("model digits has no candidate (was " + v2 + ")");
        assertThat(run("list", "--bootstrap", bootstrap, "--models-topic", topic).out().lines().toList().get(2))
                .doesNotEndWith("candidate");
        Run again = run("candidate", "--clear", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(again.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(again.err().trim()).isEqualTo("models candidate: model digits has no candidate on " + topic);

        Run live = run("candidate", v1, "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(live.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(live.err().trim()).isEqualTo("models candidate: model digits version " + v1 + " is live on " + topic
                + "; a candidate is another version");
        Run both = run("candidate", v2, "--clear", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(both.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(both.err().lines().toList()).hasSize(1);
        assertThat(both.err()).startsWith("models candidate: VERSION and --clear exclude each other");
        Run neither = run("candidate", "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(neither.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(neither.err()).startsWith("models candidate: name the candidate's VERSION, or --clear");
        Run liveAndCandidate = run("publish", second.toString(), "--live", "--candidate", "--bootstrap", bootstrap,
                "--models-topic", topic);
        assertThat(liveAndCandidate.exit()).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(liveAndCandidate.err()).startsWith("models publish: --live and --candidate exclude each other");

        Run named = run("candidate", v2, "--bootstrap", bootstrap, "--models-topic", topic);
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(named.out().trim()).isEqualTo("model digits version " + v2 + " is the candidate");
        // promoting the candidate clears it in the same transaction
        assertThat(run("promote", v2, "--bootstrap", bootstrap, "--models-topic", topic).exit()).isZero();
        ModelCatalog catalog = new ModelTopic(new KafkaClients(bootstrap, new Properties()), topic, Duration.ofSeconds(30)).read();
        assertThat(catalog.live("digits").orElseThrow().version()).isEqualTo(v2);
        assertThat(catalog.candidate("digits")).isEmpty();
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() {
        String bootstrap = kafka.bootstrapServers();
        Run unknown = run("promote", "19990101-000000", "--bootstrap", bootstrap, "--models-topic", "models-empty");
        assertThat(unknown.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(unknown.err().lines().toList())
                .containsExactly("models promote: no version 19990101-000000 of model digits on models-empty");

        Run unreachable = run("list", "--bootstrap", "localhost:1", "--timeout", "PT3S");
        assertThat(unreachable.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(unreachable.err().lines().toList()).hasSize(1);
        assertThat(unreachable.err()).startsWith("models list: cannot reach Kafka at localhost:1");

        Run corrupt = run("publish", tmp.toString(), "--bootstrap", bootstrap);
        assertThat(corrupt.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(corrupt.err().lines().toList()).hasSize(1);
        assertThat(corrupt.err()).startsWith("models publish: no model 'digits' in ");

        Run noSub = run();
        assertThat(noSub.exit()).isEqualTo(CommandLines.USAGE_ERROR);
    }

    @Test
    void aTopicRefusingTheChunksIsOneLine() throws Exception {
        kafka.createTopics(List.of(new NewTopic("models-tiny", 1, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000"))));
        Run refused = run("publish", TestModels.registryFolder().toString(), "--bootstrap", kafka.bootstrapServers(),
                "--models-topic", "models-tiny", "--timeout", "PT10S");
        assertThat(refused.exit()).isEqualTo(CommandLines.FAILURE);
        assertThat(refused.err().lines().toList()).hasSize(1);
        assertThat(refused.err()).startsWith("models publish: cannot publish digits version");
        // nothing half-written is visible
        Run list = run("list", "--bootstrap", kafka.bootstrapServers(), "--models-topic", "models-tiny");
        assertThat(list.out().trim()).isEqualTo("no versions of model digits on models-tiny");
    }

    @Test
    void aRollbackWatchAndTheLastAutomaticDecisionAreListed() throws Exception {
        String topic = "models-decided";
        String bootstrap = kafka.bootstrapServers();
        ModelArtifact trained = TestModels.trained();
        String v1 = trained.version();
        String v2 = "20991231-000002";
        Path second = copyAs(trained, v2);
        assertThat(run("publish", TestModels.registryFolder().toString(), "--bootstrap", bootstrap, "--models-topic", topic)
                .exit()).isZero();
        assertThat(run("publish", second.toString(), "--live", "--bootstrap", bootstrap, "--models-topic", topic).exit())
                .isZero();
        // what the service's promotion judge writes when v2 replaced v1 (streams-app, PromotionJudge)
        String at = "2026-12-05T10:00:00Z";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, ModelRecords.candidateKey("digits"),
                    ModelRecords.json(new CandidatePointer("digits", v1, trained.manifest().sha256(), at, v2)))).get();
            producer.send(new ProducerRecord<>(topic, ModelRecords.decisionKey("digits"), ModelRecords.json(
                    new PromotionDecision("digits", PromotionDecision.Outcome.PROMOTED, v1, v2, 2000, 0.012, 0.006,
                            "promote: 2000 labelled", at)))).get();
        }

        List<String> lines = run("list", "--bootstrap", bootstrap, "--models-topic", topic).out().lines().toList();
        assertThat(lines.get(1)).startsWith(v1).endsWith("candidate (rollback watch of " + v2 + ")");
        assertThat(lines.get(2)).startsWith(v2).endsWith("live");
        assertThat(lines.get(3)).isEqualTo("last automatic decision, " + at + ": promoted " + v2 + " against " + v1
                + " at 2000 labelled images (promote: 2000 labelled)");
    }
}
