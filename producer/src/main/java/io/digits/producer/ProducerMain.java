package io.digits.producer;

import io.digits.command.CommandLines;
import picocli.CommandLine.Command;

/**
 * The producer image's entry point: {@code produce} and {@code score}, the very commands {@code ./digits}
 * runs, with the same one-line errors and exit codes and the one logging configuration (command's
 * {@code logback.xml}).
 */
@Command(name = "digits", mixinStandardHelpOptions = true, version = "digits 0.1.0",
        description = "Sends images to Kafka and scores the predictions (the producer image's entry point).",
        subcommands = {ProduceCommand.class, ScoreCommand.class})
public final class ProducerMain implements Runnable {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new ProducerMain(), args));
    }

    @Override
    public void run() {
        throw new CommandLines.UsageError("a subcommand is required");
    }
}
