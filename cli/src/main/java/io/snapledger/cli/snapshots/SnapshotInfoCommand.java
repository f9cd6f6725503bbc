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

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code snapshot-info}: virsh's lines about one snapshot, then its UUID and number. */
@Command(name = "snapshot-info", description = "Show a snapshot: current or not, state, location, parent, children.")
public final class SnapshotInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    private String domain;

    @Parameters(index = "1", paramLabel = "SNAP", description = "The snapshot's name, UUID or number.")
    private String snapshot;

    @Option(names = "--json", description = "Print the snapshot as JSON.")
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
            PrintStream out = Main.of(spec).out();
            if (json) {
                out.println(SnapshotJson.pretty(SnapshotJson.of(info)));
                return 0;
            }
            line(out, "Name:", node.name());
            line(out, "Domain:", domain);
            line(out, "Current:", info.current() ? "yes" : "no");
            line(out, "State:", Snapshots.state(node, view.online()));
            line(out, "Location:", Snapshots.location(node));
            line(out, "Parent:", info.parent() == null ? "-" : info.parent().name());
            line(out, "Children:", Integer.toString(info.children()));
            line(out, "Descendants:", Integer.toString(info.descendants()));
            line(out, "Metadata:", "yes");
            line(out, "UUID:", node.uuid().toString());
            line(out, "Id:", Long.toString(node.id()));
            out.println();
        }
        return 0;
    }

    /** virsh's layout: the label padded to 15 columns, a space, the value. */
    private static void line(PrintStream out, String label, String value) {
        out.printf("%-15s %s%n", label, value);
    }
}
