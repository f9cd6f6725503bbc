package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerReads;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.query.DomainView;
import io.snapledger.query.SnapshotInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code snapshot-current}: the snapshot the domain's disks descend from, the parent of the next one. */
@Command(name = "snapshot-current", description = "Print the name of the domain's current snapshot.")
public final class SnapshotCurrentCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    private String domain;

    @Option(names = "--name", description = "Print the name (the default; accepted as virsh users type it).")
    private boolean name;

    @Option(names = "--json", description = "Print the current snapshot as JSON.")
    private boolean json;

    @Mixin
    private AsOfOption asOf = new AsOfOption();

    @Override
    public Integer call() {
        try (LedgerReads ledger = Main.of(spec).openQuerySide(domain); AsOfOption.AnsweredFrom answers = asOf.open(ledger, domain)) {
            DomainView view = Snapshots.domain(answers.queries(), domain);
            SnapshotInfo current = view.currentSnapshot() == null ? null
                    : answers.queries().info(domain, view.currentSnapshot()).orElse(null);
            if (current == null) {
                throw new DomainRuleException("NO_CURRENT", "domain " + domain + " has no current snapshot; take one "
                        + "with 'snapledger snapshot-create " + domain + "' or revert to one with snapshot-revert");
            }
            Main.of(spec).out().println(json ? SnapshotJson.pretty(SnapshotJson.of(current))
                    : current.snapshot().name());
        }
        return 0;
    }
}
