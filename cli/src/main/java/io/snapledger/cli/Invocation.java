package io.snapledger.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How one command line runs: where its output goes, the clock that stamps its events, the folder
 * relative paths are resolved in, the home it uses when none is given, and where its ledger comes
 * from. In a terminal all of it is this process's; a daemon runs each client's command line with
 * the client's streams, folder and home, and its own warm ledger.
 *
 * @param stderrIsTerminal progress bars are drawn only for a person watching a terminal
 * @param defaultHome      the home without {@code --home}; null for $SNAPLEDGER_HOME, then ~/.snapledger
 */
public record Invocation(PrintStream out, PrintStream err, boolean stderrIsTerminal, Clock clock,
                         Path workingDirectory, Path defaultHome, LedgerSource ledgers) {
    public Invocation {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(ledgers, "ledgers");
    }

    /** This process's: its folder, the usual default home, ledgers opened per command. */
    public static Invocation inProcess(PrintStream out, PrintStream err, boolean stderrIsTerminal, Clock clock) {
        return new Invocation(out, err, stderrIsTerminal, clock, Path.of("").toAbsolutePath(), null,
                LedgerSource.IN_PROCESS);
    }
}
