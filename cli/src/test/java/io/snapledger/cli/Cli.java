package io.snapledger.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the snapledger CLI and keeps what it printed: in-process, or through whatever {@link Runner}
 * a suite sets (the daemon's tests run this module's end-to-end tests through a daemon).
 */
public final class Cli {
    /** How one command line runs and what it printed. */
    @FunctionalInterface
    public interface Runner {
        Result run(String[] args, boolean stderrIsTerminal, Clock clock);
    }

    /** In this process, as {@code snapledger} without a daemon runs. */
    public static final Runner IN_PROCESS = Cli::inProcess;

    private static volatile Runner runner = IN_PROCESS;

    private Cli() {
    }

    /** Every command line from now on runs through {@code through}; {@link #IN_PROCESS} restores the default. */
    public static void runThrough(Runner through) {
        runner = through;
    }

    public record Result(int exit, String out, String err) {
        public List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
        }

        /** The command failed the way users should see failures: exit code and one line on stderr. */
        public String singleErrorLine(int expectedExit) {
            if (exit != expectedExit || errLines().size() != 1 || !err.startsWith("snapledger: ")) {
                throw new AssertionError("expected exit " + expectedExit + " and one 'snapledger: ' line on stderr, got exit "
                        + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return errLines().get(0);
        }

        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    public static Result run(Object... args) {
        return runWithStderr(false, args);
    }

    /** Runs with events stamped by {@code clock}. */
    public static Result runAt(Clock clock, Object... args) {
        return run(false, clock, args);
    }

    /** Runs as if stderr were (or were not) a terminal, which decides whether progress bars are drawn. */
    public static Result runWithStderr(boolean terminal, Object... args) {
        return run(terminal, Clock.systemUTC(), args);
    }

    private static Result run(boolean terminal, Clock clock, Object... args) {
        return runner.run(Arrays.stream(args).map(Object::toString).toArray(String[]::new), terminal, clock);
    }

    private static Result inProcess(String[] strings, boolean terminal, Clock clock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(strings, o, e, terminal, clock);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
