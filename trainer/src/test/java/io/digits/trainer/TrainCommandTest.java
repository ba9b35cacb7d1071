package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.command.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainCommandTest {

    @Test
    void parsesTheProfileAndOverrides() {
        TrainCommand command = new TrainCommand();
        CommandLines.of(command).parseArgs("--profile", "FULL", "--epochs", "3", "--batch-size", "64", "--limit",
                "1000", "--seed", "5", "--threads", "1", "--registry", "/tmp/r", "--model-name", "mnist-b");

        TrainingOptions options = command.options();

        assertThat(options.profile()).isEqualTo(TrainingProfile.FULL);
        assertThat(options.epochs()).isEqualTo(3);
        assertThat(options.batchSize()).isEqualTo(64);
        assertThat(options.limit()).isEqualTo(1000);
        assertThat(options.seed()).isEqualTo(5);
        assertThat(options.threads()).isEqualTo(1);
        assertThat(options.registry()).isEqualTo(Path.of("/tmp/r"));
        assertThat(options.modelName()).isEqualTo("mnist-b");
        assertThat(options.augment()).isTrue();
        assertThat(options.scanAugment()).isTrue();
        assertThat(options.oodEveryEpoch()).isFalse();
    }

    @Test
    void theSeedsRecipeAloneIsOneFlagAwayAndNoAugmentMeansNone() {
        TrainCommand seedOnly = new TrainCommand();
        CommandLines.of(seedOnly).parseArgs("--profile", "full", "--no-scan-augment", "--ood-every-epoch");
        TrainCommand none = new TrainCommand();
        CommandLines.of(none).parseArgs("--profile", "full", "--no-augment");

        assertThat(seedOnly.options().augment()).isTrue();
        assertThat(seedOnly.options().scanAugment()).isFalse();
        assertThat(seedOnly.options().oodEveryEpoch()).isTrue();
        assertThat(none.options().augment()).isFalse();
        assertThat(none.options().scanAugment()).isFalse();
    }

    @Test
    void averagesTheFullProfilesLastTenEpochsAtMostOverTheEpochsItRuns() {
        TrainCommand full = new TrainCommand();
        CommandLines.of(full).parseArgs("--profile", "full");
        TrainCommand shortFull = new TrainCommand();
        CommandLines.of(shortFull).parseArgs("--profile", "full", "--epochs", "4");
        TrainCommand quick = new TrainCommand();
        CommandLines.of(quick).parseArgs("--average-last", "2");

        assertThat(full.options().averageLastEpochs()).isEqualTo(10);
        assertThat(shortFull.options().averageLastEpochs()).isEqualTo(4);
        assertThat(TrainingOptions.of(TrainingProfile.QUICK).averageLastEpochs()).isZero();
        assertThat(quick.options().averageLastEpochs()).isEqualTo(2);
        assertThat(full.options().withEpochs(3).averageLastEpochs()).isEqualTo(3);
    }

    @Test
    void theQuickProfileIsTheDefault() {
        TrainCommand command = new TrainCommand();
        CommandLines.of(command).parseArgs("--publish", "--bootstrap", "broker:9092");

        TrainingOptions options = command.options();

        assertThat(options.profile()).isEqualTo(TrainingProfile.QUICK);
        assertThat(options.epochs()).isEqualTo(2);
        assertThat(options.augment()).isFalse();
        assertThat(options.scanAugment()).isFalse();
        assertThat(command.kafka.clients(Map.of()).bootstrapServers()).isEqualTo("broker:9092");
    }

    @Test
    void everyWitherKeepsTheRestOfTheRecipe() {
        TrainingOptions quick = TrainingOptions.builder(TrainingProfile.QUICK).learningRate(0.002f)
                .validationFraction(0.2).build();
        assertThat(quick.halveLastEpoch()).isTrue();

        TrainingOptions changed = quick.withEpochs(5);

        assertThat(changed.epochs()).isEqualTo(5);
        assertThat(changed).usingRecursiveComparison().ignoringFields("epochs").isEqualTo(quick);
        assertThat(changed.learningRate()).isEqualTo(0.002f);
        assertThat(changed.validationFraction()).isEqualTo(0.2);
        assertThat(TrainingOptions.builder(TrainingProfile.QUICK).halveLastEpoch(false).build().withEpochs(3)
                .halveLastEpoch()).isFalse();
    }

    @Test
    void aBadFlagOrValueIsOneLineAndExitCodeTwo() {
        for (String[] args : new String[][] {{"--profile", "huge"}, {"--epochs", "many"}, {"--epochs", "0"},
                {"--batch-size", "-1"}, {"--average-last", "-2"}, {"--frobnicate"}}) {
            StringWriter err = new StringWriter();
            CommandLine cl = CommandLines.of(new TrainCommand());
            cl.setErr(new PrintWriter(err));

            int code = cl.execute(args);

            assertThat(code).as(String.join(" ", args)).isEqualTo(CommandLines.USAGE_ERROR);
            assertThat(err.toString().strip().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(err.toString()).startsWith("train: ");
        }
    }
}
