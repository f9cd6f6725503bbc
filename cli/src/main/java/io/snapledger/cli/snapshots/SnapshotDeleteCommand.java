package io.snapledger.cli.snapshots;

import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.events.model.DeleteMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code snapshot-delete}: libvirt's tree rules (a plain delete re-parents the children, current
 * moves up); the data is dropped from every device, or from none.
 */
@Command(name = "snapshot-delete", description = "Delete a snapshot, its descendants, or both.")
public final class SnapshotDeleteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    private String domain;

    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot's name, UUID or number.")
    private String snapshot;

    @Option(names = "--children", description = "Delete the snapshot and all its descendants.")
    private boolean children;

    @Option(names = "--children-only", description = "Delete the snapshot's descendants and keep it.")
    private boolean childrenOnly;

    @Option(names = "--metadata", description = "Forget the snapshot; leave the images as they are.")
    private boolean metadata;

    @Override
    public Integer call() {
        DeleteMode mode = mode();
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            String name = Snapshots.snapshot(ledger.queries(), domain, snapshot).name();
            ledger.delete(Main.of(spec).caller(), domain, snapshot, mode);
            Main.of(spec).out().println(mode == DeleteMode.CHILDREN_ONLY
                    ? "Domain snapshot " + name + " children deleted"
                    : "Domain snapshot " + name + " deleted");
        }
        return 0;
    }

    private DeleteMode mode() {
        if (children && childrenOnly) {
            throw new BadUsageException("--children and --children-only are mutually exclusive");
        }
        if (metadata && (children || childrenOnly)) {
            throw new BadUsageException("--metadata forgets one snapshot and cannot be combined with "
                    + (children ? "--children" : "--children-only"));
        }
        if (children) {
            return DeleteMode.CHILDREN;
        }
        if (childrenOnly) {
            return DeleteMode.CHILDREN_ONLY;
        }
        return metadata ? DeleteMode.METADATA : DeleteMode.MERGE;
    }
}
