package io.digits.cli;

import io.digits.bench.BenchCommand;
import io.digits.cli.demo.DemoCommand;
import io.digits.command.CommandLines;
import io.digits.producer.ProduceCommand;
import io.digits.producer.ScoreCommand;
import io.digits.streams.ServeCommand;
import io.digits.trainer.EvaluateCommand;
import io.digits.trainer.ModelsCommand;
import io.digits.trainer.TrainCommand;
import picocli.CommandLine.Command;

/** The entry point of {@code ./digits}: one subcommand per thing a person does with the pipeline. */
@Command(name = "digits", mixinStandardHelpOptions = true, version = "digits 0.1.0",
        description = "Streaming handwritten-digit classification on Apache Kafka.",
        subcommands = {
            FetchDataCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ModelsCommand.class,
            ServeCommand.class,
            ProduceCommand.class,
            ScoreCommand.class,
            DemoCommand.class,
            BenchCommand.class,
        })
public final class Digits implements Runnable {

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new Digits(), args));
    }

    @Override
    public void run() {
        throw new CommandLines.UsageError("a subcommand is required");
    }
}
