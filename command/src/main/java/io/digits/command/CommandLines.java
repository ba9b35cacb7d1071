package io.digits.command;

import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every entry point of the project does: a bad flag or value is one
 * line on stderr and exit code 2; a failure is one line naming what went wrong and exit code 1 (the
 * stack trace only with {@code DIGITS_DEBUG=1}); {@code --help} and success exit 0.
 */
public final class CommandLines {
    public static final int USAGE_ERROR = 2;
    public static final int FAILURE = 1;

    private CommandLines() {
    }

    /** A configured command line for {@code command}, for tests and for {@link #execute}. */
    public static CommandLine of(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler(oneLineUsageError());
        cl.setExecutionExceptionHandler(oneLineFailure());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Parses and runs {@code args}; returns the exit code. */
    public static int execute(Object command, String... args) {
        return of(command).execute(args);
    }

    private static IParameterExceptionHandler oneLineUsageError() {
        return (ParameterException ex, String[] args) -> {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                    + " (see " + cl.getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return USAGE_ERROR;
        };
    }

    private static IExecutionExceptionHandler oneLineFailure() {
        return (Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) -> {
            PrintWriter err = cl.getErr();
            if (ex instanceof UsageError) {
                err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                        + " (see " + cl.getCommandSpec().qualifiedName() + " --help)");
                err.flush();
                return USAGE_ERROR;
            }
            err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return FAILURE;
        };
    }

    /** The most telling message of an exception chain, on one line. */
    public static String oneLine(Throwable ex) {
        Throwable t = ex;
        String message = t.getMessage();
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }

    private static boolean debug() {
        String v = System.getenv("DIGITS_DEBUG");
        return v != null && !v.isBlank() && !"0".equals(v);
    }

    /** A value the user gave that the command cannot use: reported like a bad flag, exit code 2. */
    public static class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message);
        }
    }
}
