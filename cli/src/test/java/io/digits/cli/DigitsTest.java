package io.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.digits.command.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's contract: usage lists the subcommands; a bad subcommand or flag is one line and exit code 2. */
class DigitsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = CommandLines.of(new Digits());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsEverySubcommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("fetch-data", "train", "models", "serve", "produce", "score", "demo");
    }

    @Test
    void anUnknownSubcommandIsOneLineAndExitCode2() {
        assertThat(run("nope")).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("nope");
    }

    @Test
    void aBadDemoValueIsOneLineAndExitCode2() {
        assertThat(run("demo", "--images", "0")).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--images must be 1..10000");
        err.getBuffer().setLength(0);
        assertThat(run("demo", "--images", "ten")).isEqualTo(CommandLines.USAGE_ERROR);
        assertThat(err.toString().strip()).doesNotContain("\n");
    }
}
