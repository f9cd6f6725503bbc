package io.snapledger.cli.snapshots;

import io.snapledger.core.SnapshotRequest;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.query.SnapshotNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code snapshot-create}: one snapshot of every included device, all of them or none. */
@Command(name = "snapshot-create", description = "Take a snapshot of a domain: every included disk, or none.")
public final class SnapshotCreateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    private String domain;

    @Option(names = "--name", description = "The snapshot's name (default: snap<N>).")
    private String name;

    @Option(names = "--description", paramLabel = "TEXT")
    private String description;

    @Option(names = "--memspec", paramLabel = "snapshot=no|internal|external[,file=PATH]")
    private String memspec;

    @Option(names = "--diskspec", paramLabel = "DEV,snapshot=internal|external|no[,file=PATH]",
            description = "How one device takes part; devices not named take the default (internal).")
    private List<String> diskspecs = new ArrayList<>();

    @Option(names = "--disk-only", description = "Disks only, no memory state.")
    private boolean diskOnly;

    @Option(names = "--json", description = "Print the new snapshot as JSON.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        MemoryPlan memory = memspec == null ? null : DiskSpecs.memory(memspec, Main.of(spec)::path);
        List<DevicePlan> plans = new ArrayList<>();
        for (String d : diskspecs) {
            plans.add(DiskSpecs.disk(d, Main.of(spec)::path));
        }
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            SnapshotNode taken = ledger.take(Main.of(spec).caller(),
                    new SnapshotRequest(domain, name, description, memory, plans, diskOnly));
            if (json) {
                var info = ledger.queries().info(domain, taken.uuid()).orElseThrow();
                Main.of(spec).out().println(SnapshotJson.pretty(SnapshotJson.of(info)));
            } else {
                Main.of(spec).out().println("Domain snapshot " + taken.name() + " created");
            }
        }
        return 0;
    }
}
