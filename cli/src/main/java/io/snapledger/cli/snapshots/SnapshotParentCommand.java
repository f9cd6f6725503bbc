package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerReads;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.query.SnapshotInfo;
import io.snapledger.query.SnapshotNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code snapshot-parent}: the parent's name; a root has none, which is an error as in virsh. */
@Command(name = "snapshot-parent", description = "Print the name of a snapshot's parent.")
public final class SnapshotParentCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    private String domain;

    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot's name, UUID or number.")
    private String snapshot;

    @Option(names = "--json", description = "Print the parent snapshot as JSON.")
    private boolean json;

    @Mixin
    private AsOfOption asOf = new AsOfOption();

    @Override
    public Integer call() {
        try (LedgerReads ledger = Main.of(spec).openQuerySide(domain); AsOfOption.AnsweredFrom answers = asOf.open(ledger, domain)) {
            SnapshotNode node = Snapshots.snapshot(answers.queries(), domain, snapshot);
            if (node.parentUuid() == null) {
                throw new DomainRuleException("NO_PARENT", "snapshot " + node.name() + " has no parent");
            }
            SnapshotInfo parent = answers.queries().info(domain, node.parentUuid()).orElseThrow();
            Main.of(spec).out().println(json ? SnapshotJson.pretty(SnapshotJson.of(parent)) : parent.snapshot().name());
        }
        return 0;
    }
}
