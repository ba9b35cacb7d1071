package io.digits.trainer;

import io.digits.command.CommandLines;
import picocli.CommandLine.Command;

/**
 * The trainer image's entry point: {@code train}, {@code evaluate} and {@code models}, the very commands {@code ./digits}
 * runs, with the same one-line errors and exit codes and the one logging configuration (command's {@code logback.xml}).
 * MNIST reaches the image through a volume (compose's mnist-init, the k8s Jobs' fetch-mnist init
 * containers), so the image needs no {@code fetch-data}.
 */
@Command(name = "digits", mixinStandardHelpOptions = true, version = "digits 0.1.0",
        description = "Trains the model and publishes it, evaluates a published one, lists and promotes models on the cluster (the trainer image's entry point).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, ModelsCommand.class})
public final class TrainerMain implements Runnable {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new TrainerMain(), args));
    }

    @Override
    public void run() {
        throw new CommandLines.UsageError("a subcommand is required");
    }
}
