package io.digits.streams;

import io.digits.command.CommandLines;
import picocli.CommandLine.Command;

/**
 * The streams-app image's entry point: {@code serve}, the very command {@code ./digits serve} runs, with the
 * same one-line errors and exit codes and the one logging configuration (command's {@code logback.xml}).
 * The image's CMD names the subcommand ({@code serve}), as compose and Kubernetes do.
 */
@Command(name = "digits", mixinStandardHelpOptions = true, version = "digits 0.1.0",
        description = "The classification service (the streams-app image's entry point).",
        subcommands = ServeCommand.class)
public final class StreamsAppMain implements Runnable {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new StreamsAppMain(), args));
    }

    @Override
    public void run() {
        throw new CommandLines.UsageError("a subcommand is required");
    }
}
