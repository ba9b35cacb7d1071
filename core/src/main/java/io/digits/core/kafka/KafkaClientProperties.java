package io.digits.core.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client properties from the environment: any {@code KAFKA_FOO_BAR} variable becomes the
 * property {@code foo.bar}, so security and tuning need no code change. Values of secret-looking
 * properties never reach a log line: use {@link #describe(Properties)} to print them.
 */
public final class KafkaClientProperties {
    public static final String ENV_PREFIX = "KAFKA_";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|jaas|token|credential|user\\.info|key$|\\.key\\.).*");

    private KafkaClientProperties() {
    }

    /** The {@code KAFKA_*} variables of this process as client properties. */
    public static Properties fromEnv() {
        return fromEnv(System.getenv());
    }

    /** The {@code KAFKA_*} entries of {@code env} as client properties ({@code KAFKA_SASL_MECHANISM} -> {@code sasl.mechanism}). */
    public static Properties fromEnv(Map<String, String> env) {
        Properties props = new Properties();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                props.setProperty(propertyName(name), value);
            }
        });
        return props;
    }

    /** {@code KAFKA_SSL_TRUSTSTORE_LOCATION} -> {@code ssl.truststore.location}. */
    public static String propertyName(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Whether a property's value must never be logged. */
    public static boolean isSecret(String property) {
        return SECRET.matcher(property).matches();
    }

    /** The properties as text for a log line, secret values replaced by {@code [hidden]}. */
    public static String describe(Properties props) {
        Map<String, String> shown = new TreeMap<>();
        props.forEach((k, v) -> shown.put(k.toString(), isSecret(k.toString()) ? "[hidden]" : String.valueOf(v)));
        return shown.toString();
    }
}
