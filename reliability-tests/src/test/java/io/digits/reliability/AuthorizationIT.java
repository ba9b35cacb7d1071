package io.digits.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.digits.core.Topics;
import io.digits.core.kafka.KafkaClients;
import io.digits.core.model.ModelRegistry;
import io.digits.core.model.topic.ModelTopic;
import io.digits.core.model.topic.PromotionDecision;
import io.digits.kafka.EmbeddedKafka;
import io.digits.mnist.MnistDataset;
import io.digits.producer.ProducerMain;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProduceListener;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProducerSettings;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.IdxSource;
import io.digits.trainer.TrainerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker that enforces ACLs ({@code StandardAuthorizer}, nothing allowed without an ACL) behind a SASL_SSL
 * listener; every deployable logs in as its own SCRAM user with exactly the ACLs of
 * {@code k8s/overlays/strimzi/users.yaml}, the single source of the project's ACLs, read here and created with
 * {@link Admin#createAcls}. Each deployable works end to end with them; the classifier without any one of a
 * representative few stops within seconds with exit code 1 and one line naming the missing ACL, and the images
 * wait on their topic until it is back; the producer's principal cannot read predictions or publish models.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AuthorizationIT {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationIT.class);
    static final Path USERS = Path.of(System.getProperty("user.dir")).resolveSibling("k8s/overlays/strimzi/users.yaml");
    static final String LISTENER = "SECURE";
    static final String ADMIN = "digits-admin";
    static final String MTLS_LISTENER = "MTLS";
    static final String CLASSIFIER = "digits-classifier";
    static final int BATCH = 40;
    static final Duration FAIL_FAST = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final Map<String, String> passwords = new LinkedHashMap<>();
    private TlsMaterial tls;
    private String secure;
    private FixtureRegistry registry;
    private final List<MnistDataset> sent = new ArrayList<>();
    private MnistDataset mnist;

    @Test
    void eachDeployableWorksWithExactlyItsAclsAndTheClassifierNamesAMissingOne() throws Exception {
        long started = System.nanoTime();
        Map<String, List<AclBinding>> acls = readAcls(USERS);
        assertThat(acls).containsKeys(CLASSIFIER, "digits-trainer", "digits-producer", "digits-scorer");
        tls = TlsMaterial.create(dir, secret());
        mnist = ImageFeed.mnistTest(BATCH * 10);
        registry = new FixtureRegistry(dir.resolve("registry"));
        registry.publishTrained();
        String prefix = "listener.name." + LISTENER.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> broker = new LinkedHashMap<>();
        broker.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // the broker and controller talk over PLAINTEXT as ANONYMOUS; the test's admin logs in as digits-admin
        broker.put("super.users", "User:ANONYMOUS;User:" + ADMIN);
        broker.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        broker.put(prefix + "scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        broker.put(prefix + "ssl.keystore.location", tls.keyStore().toString());
        broker.put(prefix + "ssl.keystore.password", tls.password());
        broker.put(prefix + "ssl.key.password", tls.password());
        broker.put(prefix + "ssl.keystore.type", "PKCS12");
        // mTLS: a client certificate (CN=<user>, self-signed, its key encrypted) per deployable; the broker trusts
        // exactly those and maps CN=<user> to User:<user>, so the same ACLs apply
        Map<String, ClientCert> certs = new LinkedHashMap<>();
        StringBuilder trusted = new StringBuilder();
        for (String user : acls.keySet()) {
            ClientCert cert = ClientCert.create(dir, user, secret());
            certs.put(user, cert);
            trusted.append(cert.certificate());
        }
        Path clientCas = Files.writeString(dir.resolve("client-certificates.pem"), trusted);
        String mtls = "listener.name." + MTLS_LISTENER.toLowerCase(Locale.ROOT) + ".";
        broker.put(mtls + "ssl.client.auth", "required");
        broker.put(mtls + "ssl.keystore.location", tls.keyStore().toString());
        broker.put(mtls + "ssl.keystore.password", tls.password());
        broker.put(mtls + "ssl.key.password", tls.password());
        broker.put(mtls + "ssl.keystore.type", "PKCS12");
        broker.put(mtls + "ssl.truststore.type", "PEM");
        broker.put(mtls + "ssl.truststore.location", clientCas.toString());
        broker.put(mtls + "ssl.principal.mapping.rules", "RULE:^CN=([a-z0-9-]+)$/$1/,DEFAULT");
        Map<String, Object> figures = new LinkedHashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.ANY_PORT, broker,
                List.of(new EmbeddedKafka.Listener(LISTENER, "SASL_SSL"), new EmbeddedKafka.Listener(MTLS_LISTENER, "SSL")))) {
            secure = kafka.bootstrapServers(LISTENER);
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> users = new ArrayList<>();
            for (String user : concat(acls.keySet(), ADMIN)) {
                passwords.put(user, secret());
                users.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                        passwords.get(user)));
            }
            kafka.admin().alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            try (Admin admin = Admin.create(client(ADMIN))) {
                // the topics exist beforehand, as the strimzi overlay's KafkaTopics make them: nobody needs Create on them
                List<NewTopic> topics = new ArrayList<>();
                for (String t : List.of(Topics.IMAGES, Topics.PREDICTIONS, Topics.DEAD_LETTERS, Topics.REVIEW,
                        Topics.SHADOW_PREDICTIONS)) {
                    topics.add(new NewTopic(t, ServiceUnderTest.PARTITIONS, (short) 1));
                }
                topics.add(new NewTopic(Topics.MODELS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
                admin.createAcls(acls.values().stream().flatMap(List::stream).toList()).all().get(30, TimeUnit.SECONDS);
                log.info("ACLs from {}: {}", USERS, acls);
                List<AclBinding> classifier = acls.get(CLASSIFIER);

                // without Create on its internal-topic prefix, the first start cannot make its changelog
                figures.put("without internal-topic Create", refused(admin, classifier, ResourceType.TOPIC, AclOperation.CREATE,
                        "Create, Read, Write on Topic prefix digits-classifier-"));

                // every deployable with exactly its ACLs: the trainer publishes the model live on the models topic, the
                // producer sends, the classifier classifies (exactly_once_v2), the scorer reads
                KafkaClients trainer = new KafkaClients(secure, client("digits-trainer"));
                new ModelTopic(trainer, Topics.MODELS, Duration.ofSeconds(30))
                        .publish(new ModelRegistry(registry.root()).latest(ModelRegistry.DEFAULT_NAME), true);
                try (AppProcess app = startService(Map.of())) {
                    app.awaitReady(Duration.ofMinutes(3));
                    produce(batch());
                    assertAllClassified();
                    assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
                }

                // the producer's principal may send images, nothing else
                try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer("digits-producer"),
                        new StringDeserializer(), new StringDeserializer())) {
                    reader.assign(List.of(new TopicPartition(Topics.PREDICTIONS, 0)));
                    reader.seekToBeginning(reader.assignment());
                    assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
                }
                KafkaClients producerClients = new KafkaClients(secure, client("digits-producer"));
                assertThatThrownBy(() -> new ModelTopic(producerClients, Topics.MODELS, Duration.ofSeconds(10))
                        .publish(new ModelRegistry(registry.root()).latest(ModelRegistry.DEFAULT_NAME), false))
                        .isInstanceOf(IOException.class)
                        .hasMessage("not authorized: User:digits-producer lacks Write on TransactionalId prefix "
                                + ModelTopic.TRANSACTIONAL_ID_PREFIX + " (TransactionalIdAuthorizationException; see SECURITY.md)");

                // the producer image's produce: without its one ACL it stops before sending, naming it; a principal
                // that may read the images but not write them (the classifier's) is refused the same way, up front
                List<String> produceArgs = List.of("produce", "--source", "mnist-test", "--limit", "20", "--no-progress");
                AclBinding imagesWrite = only(acls.get("digits-producer"), ResourceType.TOPIC, AclOperation.WRITE, Topics.IMAGES);
                admin.deleteAcls(List.of(imagesWrite.toFilter())).all().get(30, TimeUnit.SECONDS);
                Thread.sleep(500);
                figures.put("produce without images Write", commandRefused("producer", ProducerMain.class.getName(),
                        produceArgs, "digits-producer", "digits produce: not authorized: User:digits-producer lacks Write on"
                                + " Topic " + Topics.IMAGES + " (it cannot see the topic: without Write, which includes"
                                + " Describe, or, if the topic is missing, without Create on it; see SECURITY.md)"));
                admin.createAcls(List.of(imagesWrite)).all().get(30, TimeUnit.SECONDS);
                commandRefused("producer", ProducerMain.class.getName(), produceArgs, CLASSIFIER, "digits produce: not "
                        + "authorized: User:" + CLASSIFIER + " lacks Write on Topic " + Topics.IMAGES
                        + " (TopicAuthorizationException; see SECURITY.md)");

                // the trainer image's models publish: without Write on its transactional ids, one line naming it
                AclBinding trainerTx = only(acls.get("digits-trainer"), ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE, null);
                admin.deleteAcls(List.of(trainerTx.toFilter())).all().get(30, TimeUnit.SECONDS);
                Thread.sleep(500);
                figures.put("models publish without transactional-id Write", commandRefused("trainer",
                        TrainerMain.class.getName(), List.of("models", "publish", registry.root().toString()),
                        "digits-trainer", "digits models publish: not authorized: User:digits-trainer lacks Write on "
                                + "TransactionalId prefix " + ModelTopic.TRANSACTIONAL_ID_PREFIX
                                + " (TransactionalIdAuthorizationException; see SECURITY.md)"));
                admin.createAcls(List.of(trainerTx)).all().get(30, TimeUnit.SECONDS);

                // the classifier without one of its ACLs: fails fast, names it; the images wait
                figures.put("without images Read", refused(admin, classifier, ResourceType.TOPIC, AclOperation.READ,
                        "Read on Topic digits.images", Topics.IMAGES));
                figures.put("without group Read", refused(admin, classifier, ResourceType.GROUP, AclOperation.READ,
                        "Read on Group digits-classifier"));
                figures.put("without transactional-id Write", refused(admin, classifier, ResourceType.TRANSACTIONAL_ID,
                        AclOperation.WRITE, "Write on TransactionalId prefix digits-classifier-"));
                figures.put("without predictions Write", refused(admin, classifier, ResourceType.TOPIC, AclOperation.WRITE,
                        "Write on Topic digits.predictions", Topics.PREDICTIONS));
                figures.put("without models Read", refused(admin, classifier, ResourceType.TOPIC, AclOperation.READ,
                        "Read on Topic digits.models", Topics.MODELS));

                // every ACL back: everything that waited is classified, each image exactly once
                try (AppProcess app = startService(Map.of())) {
                    app.awaitReady(Duration.ofMinutes(3));
                    assertAllClassified();
                    assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
                }

                // at_least_once needs no transactional id
                AclBinding tx = only(classifier, ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE, null);
                admin.deleteAcls(List.of(tx.toFilter())).all().get(30, TimeUnit.SECONDS);
                try (AppProcess app = startService(Map.of("DIGITS_PROCESSING_GUARANTEE", "at_least_once"))) {
                    app.awaitReady(Duration.ofMinutes(3));
                    produce(batch());
                    try (Outcomes outcomes = Outcomes.of(secure, client("digits-scorer"))) {
                        assertThat(outcomes.awaitDistinct(total(), Duration.ofMinutes(3))).as(app.logTail()).isTrue();
                    }
                    assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
                }
                admin.createAcls(List.of(tx)).all().get(30, TimeUnit.SECONDS);

                // automatic promotion needs two ACLs beyond the file (SECURITY.md): without Write on the models topic
                // the first decision's transaction is refused and the service stops naming it; with it and Delete on
                // the internal-topic prefix (the judge's repartition topic is purged), it decides. The candidate is a
                // copy of the live model, so the decision (at one batch of labelled images) drops it.
                KafkaClients trainerClients = new KafkaClients(secure, client("digits-trainer"));
                ModelTopic models = new ModelTopic(trainerClients, Topics.MODELS, Duration.ofSeconds(30));
                models.publishCandidate(registry.open(registry.publishTrained()));
                Map<String, String> promoting = Map.of("DIGITS_AUTO_PROMOTE", "true",
                        "DIGITS_PROMOTION_LABELLED", Integer.toString(BATCH));
                produce(batch());
                Path withoutWrite = dir.resolve("service-auto-promote-without-models-write.log");
                try (AppProcess app = startService(promoting, withoutWrite)) {
                    int exit = app.awaitExit(FAIL_FAST);
                    assertThat(exit).as("exit code without Write on " + Topics.MODELS + ":\n" + app.logTail()).isEqualTo(1);
                    assertThat(Files.readAllLines(withoutWrite)).as(app.logTail()).anySatisfy(l -> assertThat(l)
                            .startsWith("digits serve: not authorized: User:" + CLASSIFIER + " lacks Read, Write on Topic "
                                    + Topics.MODELS + " (TopicAuthorizationException; see SECURITY.md)"));
                }
                List<AclBinding> promotion = List.of(
                        allow(new ResourcePattern(ResourceType.TOPIC, Topics.MODELS, PatternType.LITERAL), AclOperation.WRITE),
                        allow(new ResourcePattern(ResourceType.TOPIC, CLASSIFIER + "-", PatternType.PREFIXED),
                                AclOperation.DELETE));
                admin.createAcls(promotion).all().get(30, TimeUnit.SECONDS);
                Thread.sleep(500);
                try (AppProcess app = startService(promoting)) {
                    app.awaitReady(Duration.ofMinutes(3));
                    assertAllClassified();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                    while (models.read().decision(ModelRegistry.DEFAULT_NAME).isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(500);
                    }
                    assertThat(models.read().decision(ModelRegistry.DEFAULT_NAME)).as(app.logTail())
                            .hasValueSatisfying(d -> assertThat(d.outcome()).isEqualTo(PromotionDecision.Outcome.REJECTED));
                    // Kafka Streams purges what it committed of its repartition topic (every 30 s), with Delete
                    TopicPartition outcomes = new TopicPartition(CLASSIFIER + "-shadow-outcomes-repartition", 0);
                    long purgedTo = 0;
                    while (purgedTo == 0 && System.nanoTime() < deadline + TimeUnit.MINUTES.toNanos(1)) {
                        Thread.sleep(1000);
                        purgedTo = admin.listOffsets(Map.of(outcomes, OffsetSpec.earliest())).partitionResult(outcomes)
                                .get(30, TimeUnit.SECONDS).offset();
                    }
                    assertThat(purgedTo).as("the start offset of " + outcomes + " (purged with Delete)").isPositive();
                    assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
                }
                admin.deleteAcls(promotion.stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);

                // the same ACLs over mTLS: the producer sends, the classifier classifies (exactly_once_v2), the
                // scorer reads, each with its certificate (the service's as PEM in KAFKA_SSL_KEYSTORE_* variables)
                long mtlsStarted = System.nanoTime();
                String mtlsServers = kafka.bootstrapServers(MTLS_LISTENER);
                MnistDataset viaMtls = batch();
                try (KafkaProducer<String, byte[]> producer = ProducerSettings.imageProducer(
                        new KafkaClients(mtlsServers, certs.get("digits-producer").clientProperties(tls, mtlsServers)), Map.of())) {
                    new ImageSender(producer, Topics.IMAGES, true, Ticker.SYSTEM)
                            .send(new IdxSource(viaMtls), ProducePlan.once(), ProduceListener.SILENT);
                }
                ClientCert service = certs.get(CLASSIFIER);
                Map<String, String> env = new LinkedHashMap<>();
                env.put("KAFKA_BOOTSTRAP_SERVERS", mtlsServers);
                env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
                env.put("KAFKA_SASL_JAAS_CONFIG", "");
                env.put("KAFKA_SASL_MECHANISM", "GSSAPI");
                env.put("KAFKA_SSL_KEYSTORE_TYPE", "PEM");
                env.put("KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN", service.certificate());
                env.put("KAFKA_SSL_KEYSTORE_KEY", service.key());
                env.put("KAFKA_SSL_KEY_PASSWORD", service.keyPassword());
                try (AppProcess app = startService(env, dir.resolve("service-mtls.log"))) {
                    app.awaitReady(Duration.ofMinutes(3));
                    try (Outcomes outcomes = Outcomes.of(mtlsServers, certs.get("digits-scorer").clientProperties(tls, mtlsServers))) {
                        assertThat(outcomes.awaitDistinct(total(), Duration.ofMinutes(3))).as(app.logTail()).isTrue();
                        assertThat(outcomes.withoutPrediction(ImageFeed.keys(viaMtls))).isEmpty();
                    }
                    assertThat(app.terminate(Duration.ofSeconds(90))).isZero();
                }
                figures.put("mTLS end to end seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - mtlsStarted));
            }
        }
        // no password of any user in any of the service's logs
        List<String> leaks = new ArrayList<>();
        try (var logs = Files.list(dir)) {
            for (Path logFile : logs.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                String text = Files.readString(logFile);
                passwords.forEach((user, password) -> {
                    if (text.contains(password)) {
                        leaks.add(user + " in " + logFile.getFileName());
                    }
                });
                for (ClientCert cert : certs.values()) {
                    if (text.contains(cert.keyPassword()) || text.contains(cert.keyBody()) || text.contains("PRIVATE KEY")) {
                        leaks.add(cert.user() + "'s private key or its password in " + logFile.getFileName());
                    }
                }
            }
        }
        assertThat(leaks).as("passwords in the service's logs").isEmpty();
        figures.put("images", total());
        figures.put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        Figures f = new Figures("authorization");
        figures.forEach(f::put);
        f.report();
    }

    /**
     * Removes the classifier's ACL for {@code operation} on {@code type} (the one on {@code name}, if given), sends
     * a batch of images, starts the service: it must exit 1 within {@link #FAIL_FAST} with one line naming the ACL.
     * Puts the ACL back. Returns the seconds from start to exit.
     */
    private long refused(Admin admin, List<AclBinding> classifier, ResourceType type, AclOperation operation,
                         String named) throws Exception {
        return refused(admin, classifier, type, operation, named, null);
    }

    private long refused(Admin admin, List<AclBinding> classifier, ResourceType type, AclOperation operation,
                         String named, String name) throws Exception {
        AclBinding acl = only(classifier, type, operation, name);
        admin.deleteAcls(List.of(acl.toFilter())).all().get(30, TimeUnit.SECONDS);
        Thread.sleep(500); // the authorizer applies the change from the metadata log
        produce(batch());
        long t0 = System.nanoTime();
        Path logFile = dir.resolve("service-" + type + "-" + operation + "-" + acl.pattern().name() + ".log");
        try (AppProcess app = startService(Map.of(), logFile)) {
            int exit = app.awaitExit(FAIL_FAST);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            String expected = "not authorized: User:" + CLASSIFIER + " lacks " + named;
            List<String> lines = Files.readAllLines(logFile).stream().filter(l -> l.contains("not authorized:")).toList();
            log.info("without {} {} on {}: exit {} after {} s; {}", operation, type, acl.pattern().name(), exit, seconds, lines);
            assertThat(exit).as("exit code without " + acl + ":\n" + app.logTail()).isEqualTo(1);
            assertThat(lines).as("the one line without " + acl + ":\n" + app.logTail())
                    .anySatisfy(l -> assertThat(l).startsWith("digits serve: " + expected));
            return seconds;
        } finally {
            admin.createAcls(List.of(acl)).all().get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
        }
    }

    /** An ACL allowing the classifier {@code operation} on {@code pattern}, from any host. */
    private static AclBinding allow(ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + CLASSIFIER, "*", operation, AclPermissionType.ALLOW));
    }

    private static AclBinding only(List<AclBinding> acls, ResourceType type, AclOperation operation, String name) {
        List<AclBinding> matching = acls.stream().filter(a -> a.pattern().resourceType() == type
                && a.entry().operation() == operation && (name == null || a.pattern().name().equals(name))).toList();
        assertThat(matching).as(type + " " + operation + " " + name).hasSize(1);
        return matching.get(0);
    }

    private AppProcess startService(Map<String, String> extra) {
        return startService(extra, dir.resolve("service.log"));
    }

    private AppProcess startService(Map<String, String> extra, Path logFile) {
        Map<String, String> env = clientEnv(CLASSIFIER);
        env.put("KAFKA_STATE_DIR", dir.resolve("state").toString());
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("DIGITS_REGISTRY", registry.root().toString());
        env.put("DIGITS_MODEL_NAME", ModelRegistry.DEFAULT_NAME);
        env.put("DIGITS_PARTITIONS", Integer.toString(ServiceUnderTest.PARTITIONS));
        env.put("DIGITS_THREADS", "1");
        env.putAll(extra);
        env.values().removeIf(String::isEmpty);
        if ("SSL".equals(env.get("KAFKA_SECURITY_PROTOCOL"))) {
            env.remove("KAFKA_SASL_MECHANISM");
        }
        return AppProcess.start(List.of(), env, logFile);
    }

    /** The variables a deployable of {@code user} gets in the strimzi overlay: SCRAM over TLS, the CA as PEM. */
    private Map<String, String> clientEnv(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", secure);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", SecureClusterIT.jaas(user, passwords.get(user)));
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", tls.certificate().toString());
        return env;
    }

    /**
     * Runs a one-shot command of {@code image} ({@code args} after its main class) as {@code user}: it must exit 1
     * within {@link #FAIL_FAST}, its output holding {@code line} (the command's one line). Returns the seconds it took.
     */
    private long commandRefused(String image, String mainClass, List<String> args, String user, String line)
            throws Exception {
        Path logFile = dir.resolve(image + "-" + args.get(0) + "-" + user + ".log");
        long t0 = System.nanoTime();
        int exit = AppProcess.run(image, mainClass, args, clientEnv(user), logFile, FAIL_FAST);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        String output = Files.readString(logFile);
        log.info("{} {} as {}: exit {} after {} s; {}", image, args, user, exit, seconds,
                output.lines().filter(l -> l.contains("not authorized:")).toList());
        assertThat(exit).as(image + " " + args + " as " + user + ":\n" + output).isEqualTo(1);
        assertThat(output.lines().filter(l -> l.contains("not authorized:")).toList())
                .as(image + " " + args + " as " + user + ":\n" + output).singleElement().isEqualTo(line);
        return seconds;
    }

    private MnistDataset batch() {
        int k = sent.size();
        MnistDataset b = new MnistDataset("acl-batch-" + k, Arrays.copyOfRange(mnist.images(), k * BATCH, (k + 1) * BATCH),
                Arrays.copyOfRange(mnist.labels(), k * BATCH, (k + 1) * BATCH));
        sent.add(b);
        return b;
    }

    private int total() {
        return sent.size() * BATCH;
    }

    /** Sent as the producer deployable sends: its own principal, with only its ACLs. */
    private void produce(MnistDataset images) throws Exception {
        try (KafkaProducer<String, byte[]> producer = ProducerSettings.imageProducer(
                new KafkaClients(secure, client("digits-producer")), Map.of())) {
            new ImageSender(producer, Topics.IMAGES, true, Ticker.SYSTEM)
                    .send(new IdxSource(images), ProducePlan.once(), ProduceListener.SILENT);
        }
    }

    /** Read as the scorer reads (its own principal, read_committed): every image sent so far, exactly once. */
    private void assertAllClassified() throws Exception {
        Set<String> keys = new HashSet<>();
        sent.forEach(b -> keys.addAll(ImageFeed.keys(b)));
        try (Outcomes outcomes = Outcomes.of(secure, client("digits-scorer"))) {
            boolean all = outcomes.awaitDistinct(keys.size(), Duration.ofMinutes(3));
            outcomes.drain(Duration.ofSeconds(2));
            assertThat(all).as("every image classified").isTrue();
            assertThat(outcomes.withoutPrediction(keys)).isEmpty();
            assertThat(outcomes.duplicatePredictions()).isZero();
        }
    }

    private Properties client(String user) {
        Properties p = SecureClusterIT.clientSecurity(tls, SecureClusterIT.jaas(user, passwords.get(user)));
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, secure);
        return p;
    }

    private Properties consumer(String user) {
        Properties p = client(user);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    /**
     * The ACLs of every KafkaUser in a Strimzi users file, as Kafka's own bindings (principal {@code User:<name>},
     * any host, allow): the same file the User Operator applies.
     */
    static Map<String, List<AclBinding>> readAcls(Path file) throws IOException {
        Map<String, List<AclBinding>> byUser = new LinkedHashMap<>();
        YAMLMapper yaml = new YAMLMapper();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            for (JsonNode doc : yaml.readValues(parser, JsonNode.class).readAll()) {
                if (!"KafkaUser".equals(doc.path("kind").asText())) {
                    continue;
                }
                String user = doc.path("metadata").path("name").asText();
                JsonNode auth = doc.path("spec").path("authorization");
                assertThat(auth.path("type").asText()).as(user).isEqualTo("simple");
                List<AclBinding> bindings = new ArrayList<>();
                for (JsonNode rule : auth.path("acls")) {
                    JsonNode r = rule.path("resource");
                    ResourceType type = switch (r.path("type").asText()) {
                        case "topic" -> ResourceType.TOPIC;
                        case "group" -> ResourceType.GROUP;
                        case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                        case "cluster" -> ResourceType.CLUSTER;
                        default -> throw new IllegalArgumentException("resource type " + r.path("type") + " in " + file);
                    };
                    String name = type == ResourceType.CLUSTER ? "kafka-cluster" : r.path("name").asText();
                    PatternType pattern = "prefix".equals(r.path("patternType").asText("literal")) ? PatternType.PREFIXED : PatternType.LITERAL;
                    String host = rule.path("host").asText("*");
                    AclPermissionType permission = "deny".equalsIgnoreCase(rule.path("type").asText("allow"))
                            ? AclPermissionType.DENY : AclPermissionType.ALLOW;
                    for (JsonNode op : rule.path("operations")) {
                        AclOperation operation = AclOperation.valueOf(op.asText().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
                        bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                                new AccessControlEntry("User:" + user, host, operation, permission)));
                    }
                }
                byUser.put(user, bindings);
            }
        }
        return byUser;
    }

    private static List<String> concat(Set<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "s3cret-" + HexFormat.of().formatHex(bytes);
    }

    /** A client's certificate (CN=user, self-signed) and its PKCS#8 key encrypted with {@code keyPassword}, both PEM. */
    record ClientCert(String user, String certificate, String key, String keyPassword) {
        static ClientCert create(Path dir, String user, String keyPassword) throws IOException, InterruptedException {
            Path plain = dir.resolve(user + ".plain.key");
            Path key = dir.resolve(user + ".key");
            Path cert = dir.resolve(user + ".crt");
            openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", plain.toString(), "-out", cert.toString(),
                    "-days", "2", "-subj", "/CN=" + user);
            openssl("pkcs8", "-topk8", "-in", plain.toString(), "-out", key.toString(), "-v1", "PBE-SHA1-3DES",
                    "-passout", "pass:" + keyPassword);
            Files.delete(plain);
            return new ClientCert(user, Files.readString(cert), Files.readString(key), keyPassword);
        }

        /** The base64 body of the key, for the log scan. */
        String keyBody() {
            return key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        }

        Properties clientProperties(TlsMaterial tls, String servers) {
            Properties p = new Properties();
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.trustStore().toString());
            p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.password());
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, certificate);
            p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, key);
            p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, keyPassword);
            return p;
        }

        private static void openssl(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("openssl"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        }
    }
}
