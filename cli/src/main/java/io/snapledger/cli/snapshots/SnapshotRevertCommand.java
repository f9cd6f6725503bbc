package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code snapshot-revert}: every device back to the snapshot, or none; the snapshot becomes current.
 * Prints nothing on success, as virsh did for years: scripts check the exit code.
 */
@Command(name = "snapshot-revert", description = "Revert every disk of a domain to a snapshot, which becomes current.")
public final class SnapshotRevertCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    private String domain;

    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot's name, UUID or number.")
    private String snapshot;

    @Option(names = "--paused", description = "A live domain stays paused after the revert (default: running).")
    private boolean paused;

    @Override
    public Integer call() {
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            ledger.revert(Main.of(spec).caller(), domain, snapshot, paused);
        }
        return 0;
    }
}
