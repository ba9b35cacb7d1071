package io.digits.reliability;

import io.digits.core.Topics;
import io.digits.kafka.EmbeddedKafka;
import io.digits.trainer.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a test runs the classification service: the {@code serve} flags and environment that stay the same across
 * its restarts (application id, state directory, registry, guarantee), so that each {@link #start()} is the same
 * service coming back, as a restarted pod would.
 */
final class ServiceUnderTest {
    static final int PARTITIONS = 3;

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path logFile;
    private boolean registryPerInstance;

    /**
     * @param bootstrap  the broker, or null to leave it to {@code KAFKA_BOOTSTRAP_SERVERS} in {@code env}
     * @param registry   the model registry folder
     * @param guarantee  {@code exactly_once_v2} or {@code at_least_once}
     * @param workDir    where the state directory and the log file go
     */
    ServiceUnderTest(String bootstrap, Path registry, String guarantee, Path workDir) {
        if (bootstrap != null) {
            args.addAll(List.of("--bootstrap", bootstrap));
        }
        args.addAll(List.of("--registry", registry.toString(), "--processing-guarantee", guarantee,
                "--application-id", "reliability-" + guarantee.replace('_', '-'), "--partitions", Integer.toString(PARTITIONS),
                "--threads", "1", "--model-poll", "1"));
        // the client settings travel as KAFKA_* variables, as in a container: a restarted instance keeps its
        // state directory, and a killed one is noticed by the group after 6 s instead of 45 s
        env.put("KAFKA_STATE_DIR", workDir.resolve("state").toString());
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
        this.logFile = workDir.resolve("service.log");
    }

    /**
     * The service on {@code kafka} with the trainer's fixture model (trained first if this machine has none), its
     * input topic created so that images can wait for it.
     */
    static ServiceUnderTest withFixtureModel(EmbeddedKafka kafka, String guarantee, Path workDir) {
        TestModels.trained();
        return withRegistry(kafka, TestModels.registryFolder(), guarantee, workDir);
    }

    /** The service on {@code kafka} serving from {@code registry}, its input topic created. */
    static ServiceUnderTest withRegistry(EmbeddedKafka kafka, Path registry, String guarantee, Path workDir) {
        kafka.createTopics(PARTITIONS, Topics.IMAGES);
        return new ServiceUnderTest(kafka.bootstrapServers(), registry, guarantee, workDir);
    }

    /** Sets or replaces an environment variable of every start. */
    ServiceUnderTest env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Adds flags to every start. */
    ServiceUnderTest args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Replaces the application id of every start (by default {@code reliability-<guarantee>}). */
    ServiceUnderTest applicationId(String id) {
        args.set(args.indexOf("--application-id") + 1, id);
        return this;
    }

    /** Replaces the partitions of the topics the service creates (by default {@value #PARTITIONS}). */
    ServiceUnderTest partitions(int n) {
        args.set(args.indexOf("--partitions") + 1, Integer.toString(n));
        return this;
    }

    AppProcess start() {
        return AppProcess.start(args, env, logFile);
    }

    /**
     * Gives every instance started with {@link #startInstance} a registry folder of its own ({@code instanceDir/registry}),
     * as every pod has its own volume: models then come from the models topic, cached by each instance.
     */
    ServiceUnderTest registryPerInstance() {
        registryPerInstance = true;
        return this;
    }

    /**
     * Starts one of several instances of this service (same application id, flags and variables), with its own
     * state directory and log file in {@code instanceDir}, as one pod of a deployment with several replicas. Its
     * Kafka clients are named {@code clientId} (their group member ids start with it), so a test can tell which
     * partitions the instance owns.
     */
    AppProcess startInstance(Path instanceDir, String clientId) {
        List<String> ownArgs = new ArrayList<>(args);
        if (registryPerInstance) {
            ownArgs.set(ownArgs.indexOf("--registry") + 1, instanceDir.resolve("registry").toString());
        }
        Map<String, String> ownEnv = new LinkedHashMap<>(env);
        ownEnv.put("KAFKA_STATE_DIR", instanceDir.resolve("state").toString());
        ownEnv.put("KAFKA_CLIENT_ID", clientId);
        return AppProcess.start(ownArgs, ownEnv, instanceDir.resolve("service.log"));
    }

    Path logFile() {
        return logFile;
    }
}
