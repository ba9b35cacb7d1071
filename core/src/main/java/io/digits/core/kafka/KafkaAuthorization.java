package io.digits.core.kafka;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns a refusal of the broker's authorizer into one line naming the missing ACL: who (the principal, when this
 * process can tell), which operation, on which resource. Kafka's exceptions name the resource (topics, group) but
 * not the operation; the caller knows it ({@link Access}: what it reads, writes, creates). SECURITY.md lists every
 * ACL of every deployable.
 */
public final class KafkaAuthorization {
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaAuthorization() {
    }

    /**
     * What a component does, so that a refusal can be named: the operation per topic it uses, its consumer group,
     * its transactional-id prefix, its internal-topic prefix (all optional).
     */
    public record Access(String principal, Map<String, String> topicOperations, String internalTopicPrefix,
                         String group, String transactionalIdPrefix) {
        public Access {
            topicOperations = Map.copyOf(topicOperations);
        }

        /** A component that only uses {@code topicOperations} (topic -> operation), with no group or transactions. */
        public static Access topics(String principal, Map<String, String> topicOperations) {
            return new Access(principal, topicOperations, null, null, null);
        }
    }

    /** The authorization failure in {@code e}'s cause chain, if there is one. */
    public static Optional<AuthorizationException> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthorizationException a) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Who {@code clients} is to the broker: the user its {@code sasl.jaas.config} logs in as ({@code User:<username>});
     * over mTLS the subject of its certificate ({@code the certificate CN=digits-producer}: the broker maps the
     * subject to a principal by its {@code ssl.principal.mapping.rules}); else a phrase saying it is this client's.
     */
    public static String principal(KafkaClients clients) {
        Object jaas = clients.passthrough().get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            Matcher m = USERNAME.matcher(jaas.toString());
            if (m.find()) {
                return "User:" + m.group(1);
            }
        }
        Object chain = clients.passthrough().get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG);
        if (chain != null) {
            try {
                Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(chain.toString().getBytes(StandardCharsets.US_ASCII)));
                if (certificate instanceof X509Certificate x509) {
                    return "the certificate " + x509.getSubjectX500Principal().getName();
                }
            } catch (CertificateException e) {
                // not a certificate we can read: the broker will say so; name the principal vaguely
            }
        }
        return "this client's principal";
    }

    /**
     * One line: {@code not authorized: User:x lacks Read on Topic digits.images (TopicAuthorizationException)}.
     */
    public static String describe(AuthorizationException e, Access access) {
        return describe(e, e, access);
    }

    /**
     * As {@link #describe(AuthorizationException, Access)} for the refusal {@code e} found in {@code chain}: a topic
     * refusal that names no topic (Kafka Streams creating its internal topics) is named from the messages of the chain.
     */
    public static String describe(Throwable chain, AuthorizationException e, Access access) {
        String who = access.principal() == null ? "this client's principal" : access.principal();
        String what;
        if (e instanceof TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            Set<String> parts = new TreeSet<>();
            for (String topic : t.unauthorizedTopics()) {
                String op = access.topicOperations().get(topic);
                if (op == null && access.internalTopicPrefix() != null && topic.startsWith(access.internalTopicPrefix())) {
                    parts.add("Create, Read, Write on Topic prefix " + access.internalTopicPrefix() + " (internal topic " + topic + ")");
                } else {
                    parts.add((op == null ? "Describe" : op) + " on Topic " + topic);
                }
            }
            what = String.join(" and ", parts);
        } else if (e instanceof TopicAuthorizationException) {
            what = topicNamedIn(chain, access);
        } else if (e instanceof GroupAuthorizationException g) {
            what = "Read on Group " + (g.groupId() != null ? g.groupId() : access.group());
        } else if (e instanceof TransactionalIdAuthorizationException) {
            what = "Write on TransactionalId prefix " + (access.transactionalIdPrefix() != null ? access.transactionalIdPrefix() : "(its transactional.id)");
        } else if (e instanceof ClusterAuthorizationException) {
            what = "IdempotentWrite on Cluster kafka-cluster (or Write on its topics, which implies it)";
        } else {
            what = "an ACL";
        }
        return "not authorized: " + who + " lacks " + what + " (" + e.getClass().getSimpleName() + "; see SECURITY.md)";
    }

    private static String topicNamedIn(Throwable chain, Access access) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = chain; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(' ').append(t.getMessage());
        }
        String all = messages.toString();
        if (access.internalTopicPrefix() != null && all.contains(access.internalTopicPrefix())) {
            return "Create, Read, Write on Topic prefix " + access.internalTopicPrefix() + " (its internal topics)";
        }
        for (Map.Entry<String, String> topic : access.topicOperations().entrySet()) {
            if (all.contains(topic.getKey())) {
                return topic.getValue() + " on Topic " + topic.getKey();
            }
        }
        return "an operation on a topic";
    }

    /** A refusal by the broker's authorizer, with {@link #describe} as its message. */
    public static final class Refused extends IllegalStateException {
        private final String topic;

        public Refused(AuthorizationException e, Access access) {
            super(describe(e, access), e);
            this.topic = null;
        }

        public Refused(String line, Throwable cause) {
            this(line, null, cause);
        }

        /** Refused to create {@code topic}, which this principal could not see. */
        public Refused(String line, String topic, Throwable cause) {
            super(line, cause);
            this.topic = topic;
        }

        /** The topic it could neither see nor create, or null. */
        public String topic() {
            return topic;
        }
    }

    /**
     * The line for a topic that {@link TopicCreation} found invisible and could not create: most likely the
     * operation {@code access} needs on it is not granted (Read and Write include Describe); else it is missing.
     */
    public static String invisibleTopic(Refused e, Access access) {
        String op = e.topic() == null ? null : access.topicOperations().get(e.topic());
        String who = access.principal() == null ? "this client's principal" : access.principal();
        if (op == null) {
            return e.getMessage().replace("this client's principal", who);
        }
        return "not authorized: " + who + " lacks " + op + " on Topic " + e.topic() + " (it cannot see the topic: without "
                + op + ", which includes Describe, or, if the topic is missing, without Create on it; see SECURITY.md)";
    }
}
