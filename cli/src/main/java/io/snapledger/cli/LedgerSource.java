package io.snapledger.cli;

import io.snapledger.core.LedgerService;
import io.snapledger.kafka.KafkaSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Where a command line's commands get the ledger of their home: opened for the command in this
 * process, or the warm one of a daemon that holds the home. Closing what it gives ends the
 * command's use of it.
 */
@FunctionalInterface
public interface LedgerSource {

    LedgerService open(Path home, KafkaSettings kafka, Clock clock, PrintStream err);

    /** Opens the home in this process for one command; a daemon file a killed daemon left is removed. */
    LedgerSource IN_PROCESS = (home, kafka, clock, err) -> {
        LedgerService ledger = Main.openLocal(home, kafka, clock, err);
        DaemonFile.removeStale(home);
        return ledger;
    };
}
