package io.digits.deploy;

import io.digits.cli.Digits;
import io.digits.command.CommandLines;
import io.digits.producer.ProducerMain;
import io.digits.streams.StreamsAppMain;
import io.digits.trainer.TrainerMain;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The images' entry points (one main class per deployable, each running some of the launcher's
 * subcommands) and the environment variables each subcommand reads, taken from the picocli commands
 * themselves: an option whose default is {@code ${env:DIGITS_FOO:-...}} reads {@code DIGITS_FOO}.
 */
final class LauncherCommands {
    /** Read by every subcommand: core's MnistFiles (DIGITS_HOME, DIGITS_DATA), CommandLines (DIGITS_DEBUG), logback, DJL, the JVM. */
    static final Set<String> PROCESS_WIDE = Set.of("DIGITS_HOME", "DIGITS_DATA", "DIGITS_DEBUG", "DIGITS_LOG_LEVEL",
            "DIGITS_KAFKA_LOG_LEVEL", "DJL_CACHE_DIR", "OMP_WAIT_POLICY", "JDK_JAVA_OPTIONS");
    /** Each image's main class, by Dockerfile target. */
    static final Map<String, Class<?>> IMAGE_MAINS = Map.of(
            "streams-app", StreamsAppMain.class,
            "trainer", TrainerMain.class,
            "producer", ProducerMain.class);
    private static final Map<String, Supplier<Object>> NEW_IMAGE_MAIN = Map.of(
            "streams-app", StreamsAppMain::new,
            "trainer", TrainerMain::new,
            "producer", ProducerMain::new);
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");

    private LauncherCommands() {
    }

    /** The launcher configured as {@code ./digits} runs it (CommandLines.of: case-insensitive enums and so on). */
    static CommandLine launcher() {
        return CommandLines.of(new Digits());
    }

    /** The entry point of image {@code target}, configured as its main runs it. */
    static CommandLine image(String target) {
        Supplier<Object> main = NEW_IMAGE_MAIN.get(target);
        if (main == null) {
            throw new AssertionError("'" + target + "' is not an image; the images are " + IMAGE_MAINS.keySet());
        }
        return CommandLines.of(main.get());
    }

    /** The environment variables subcommand {@code subcommand} of {@code root} reads through its options (mixins included). */
    static Set<String> environmentRead(CommandLine root, String subcommand) {
        CommandLine command = root.getSubcommands().get(subcommand);
        if (command == null) {
            throw new AssertionError("'" + subcommand + "' is not a subcommand of " + root.getCommand().getClass().getName()
                    + " " + root.getSubcommands().keySet());
        }
        Set<String> names = new TreeSet<>();
        collect(command.getCommand().getClass(), names);
        return names;
    }

    private static void collect(Class<?> type, Set<String> names) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null) {
                    Matcher m = ENV.matcher(option.defaultValue());
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
                if (field.isAnnotationPresent(Mixin.class)) {
                    collect(field.getType(), names);
                }
            }
        }
    }

    /**
     * Checks that {@code args} are a valid command line of image {@code target}'s entry point and that every
     * variable in {@code environment} that the project defines ({@code DIGITS_*}) is read by that subcommand,
     * and every {@code KAFKA_*} one is a Kafka client property; fails naming {@code where}.
     */
    static void assertRuns(String where, String target, List<String> args, Set<String> environment) {
        if (args.isEmpty()) {
            throw new AssertionError(where + ": no command given (say which subcommand of " + target + "'s entry point runs)");
        }
        CommandLine image = image(target);
        try {
            image.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(where + ": '" + String.join(" ", args) + "' is not a valid command of the " + target
                    + " image's entry point " + IMAGE_MAINS.get(target).getName() + ": " + e.getMessage(), e);
        }
        Set<String> read = environmentRead(image, args.get(0));
        for (String name : environment) {
            if (name.startsWith("KAFKA_")) {
                if (!KafkaNames.isClientProperty(name)) {
                    throw new AssertionError(where + ": " + name + " is not a Kafka client property");
                }
            } else if (!read.contains(name) && !PROCESS_WIDE.contains(name)) {
                throw new AssertionError(where + ": '" + args.get(0) + "' does not read " + name + "; it reads " + read
                        + " and " + PROCESS_WIDE);
            }
        }
    }
}
