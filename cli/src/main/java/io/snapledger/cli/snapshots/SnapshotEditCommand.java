package io.snapledger.cli.snapshots;

import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.query.SnapshotNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code snapshot-edit}: a new name or description. virsh renamed in two client-side steps and
 * silently replaced a snapshot that had the new name; here a rename is one event, refused onto a
 * name in use.
 */
@Command(name = "snapshot-edit", description = "Rename a snapshot or change its description.")
public final class SnapshotEditCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    private String domain;

    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot's name, UUID or number.")
    private String snapshot;

    @Option(names = "--rename", paramLabel = "NEW", description = "The snapshot's new name.")
    private String newName;

    @Option(names = "--description", paramLabel = "TEXT", description = "The new description; empty removes it.")
    private String description;

    @Override
    public Integer call() {
        if (newName == null && description == null) {
            throw new BadUsageException("nothing to edit: give --rename NEW, --description TEXT or both");
        }
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            SnapshotNode node = Snapshots.snapshot(ledger.queries(), domain, snapshot);
            ledger.edit(Main.of(spec).caller(), domain, snapshot, newName, description);
            Main.of(spec).out().println("Snapshot " + (newName != null ? newName : node.name()) + " edited.");
        }
        return 0;
    }
}
