package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerReads;
import io.snapledger.query.DomainView;
import io.snapledger.query.SnapshotInfo;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code snapshot-dumpxml}: the snapshot as libvirt's domainsnapshot XML, for tools that read it. */
@Command(name = "snapshot-dumpxml", description = "Print a snapshot as libvirt's domainsnapshot XML.")
public final class SnapshotDumpXmlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    private String domain;

    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot's name, UUID or number.")
    private String snapshot;

    @Option(names = "--json", description = "Print the snapshot as JSON instead.")
    private boolean json;

    @Mixin
    private AsOfOption asOf = new AsOfOption();

    @Override
    public Integer call() {
        try (LedgerReads ledger = Main.of(spec).openQuerySide(domain); AsOfOption.AnsweredFrom answers = asOf.open(ledger, domain)) {
            SnapshotQueries queries = answers.queries();
            DomainView view = Snapshots.domain(queries, domain);
            SnapshotNode node = Snapshots.snapshot(queries, domain, snapshot);
            SnapshotInfo info = queries.info(domain, node.uuid()).orElseThrow();
            if (json) {
                Main.of(spec).out().println(SnapshotJson.pretty(SnapshotJson.of(info)));
            } else {
                String state = Snapshots.domainState(node, view.online());
                Main.of(spec).out().print(SnapshotXml.of(node, info.parent(), state));
            }
        }
        return 0;
    }
}
