package io.digits.streams;

import io.digits.command.CommandLines;

/** The streams-app container's entry point: the same command as {@code ./digits serve}. */
public final class StreamsAppMain {
    private StreamsAppMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "digits-serve-logback.xml");
        }
        System.exit(CommandLines.execute(new ServeCommand(), args));
    }
}
