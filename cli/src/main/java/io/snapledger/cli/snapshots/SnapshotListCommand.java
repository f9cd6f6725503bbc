package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerReads;
import io.snapledger.query.DomainView;
import io.snapledger.query.ListFilter;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;
import io.snapledger.query.SnapshotTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code snapshot-list}: virsh's listing of a domain's snapshots, its flags and the combinations it refuses. */
@Command(name = "snapshot-list", description = "List a domain's snapshots: a table sorted by name, or the tree.")
public final class SnapshotListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    private String domain;

    @Option(names = "--tree", description = "Draw the snapshots as a tree, children sorted by name.")
    private boolean tree;

    @Option(names = "--parent", description = "Add a column with each snapshot's parent.")
    private boolean parent;

    @Option(names = "--roots", description = "Only snapshots without a parent.")
    private boolean roots;

    @Option(names = "--leaves", description = "Only snapshots without children.")
    private boolean leaves;

    @Option(names = "--from", paramLabel = "SNAP", description = "Only the children of this snapshot.")
    private String from;

    @Option(names = "--descendants", description = "With --from: everything below it, not only its children.")
    private boolean descendants;

    @Option(names = "--topological", description = "Parents before their children instead of by name.")
    private boolean topological;

    @Option(names = "--name", description = "Only the names, one a line.")
    private boolean namesOnly;

    @Option(names = "--json", description = "Print a JSON array of the snapshots.")
    private boolean json;

    @Mixin
    private AsOfOption asOf = new AsOfOption();

    @Override
    public Integer call() {
        refuseCombinations();
        try (LedgerReads ledger = Main.of(spec).openQuerySide(domain); AsOfOption.AnsweredFrom answers = asOf.open(ledger, domain)) {
            SnapshotQueries queries = answers.queries();
            DomainView view = Snapshots.domain(queries, domain);
            UUID start = from == null ? null : Snapshots.snapshot(queries, domain, from).uuid();
            PrintStream out = Main.of(spec).out();
            if (tree && !json) {
                SnapshotTree whole = queries.tree(domain);
                out.print(SnapshotTreeRenderer.render(start == null ? whole : whole.from(start)));
                return 0;
            }
            List<SnapshotNode> listed = tree && start != null ? queries.tree(domain).from(start).preorder()
                    : queries.list(domain, filter(start));
            if (json) {
                out.println(SnapshotJson.pretty(json(queries.tree(domain), listed, view.currentSnapshot())));
            } else if (namesOnly) {
                listed.forEach(node -> out.println(node.name()));
                out.println();
            } else {
                out.print(table(listed, view.online(), parent ? names(queries) : null));
            }
        }
        return 0;
    }

    /** The combinations virsh refuses, with its words. With --tree, --from draws that snapshot's subtree, as virsh. */
    private void refuseCombinations() {
        if (tree && namesOnly) {
            throw new BadUsageException("Options --tree and --name are mutually exclusive");
        }
        if (leaves && tree) {
            throw new BadUsageException("--leaves and --tree are mutually exclusive");
        }
        if (parent && roots) {
            throw new BadUsageException("Options --parent and --roots are mutually exclusive");
        }
        if (parent && tree) {
            throw new BadUsageException("Options --parent and --tree are mutually exclusive");
        }
        if (roots && tree) {
            throw new BadUsageException("Options --roots and --tree are mutually exclusive");
        }
        if (roots && from != null) {
            throw new BadUsageException("Options --roots and --from are mutually exclusive");
        }
        if (descendants && from == null) {
            throw new BadUsageException("--descendants requires --from");
        }
    }

    private ListFilter filter(UUID start) {
        ListFilter filter = start == null ? (roots ? ListFilter.roots() : ListFilter.all())
                : descendants ? ListFilter.descendantsOf(start) : ListFilter.childrenOf(start);
        if (leaves) {
            filter = filter.leavesOnly();
        }
        // --tree --json lists parents before children, as the tree would draw them
        return topological || tree ? filter.topological() : filter;
    }

    static String table(List<SnapshotNode> listed, boolean online, Map<UUID, String> parentNames) {
        VirshTable table = parentNames == null ? new VirshTable("Name", "Creation Time", "State")
                : new VirshTable("Name", "Creation Time", "State", "Parent");
        for (SnapshotNode node : listed) {
            String time = Snapshots.virshTime(node.creationTime());
            String state = Snapshots.state(node, online);
            if (parentNames == null) {
                table.row(node.name(), time, state);
            } else {
                table.row(node.name(), time, state,
                        node.parentUuid() == null ? "" : parentNames.getOrDefault(node.parentUuid(), ""));
            }
        }
        return table.render();
    }

    private Map<UUID, String> names(SnapshotQueries queries) {
        Map<UUID, String> names = new HashMap<>();
        queries.list(domain, ListFilter.all()).forEach(node -> names.put(node.uuid(), node.name()));
        return names;
    }

    /** Descendants are counted once over the whole tree, deepest first, not once per listed snapshot. */
    private static ArrayNode json(SnapshotTree tree, List<SnapshotNode> listed, UUID current) {
        List<SnapshotNode> preorder = tree.preorder();
        Map<UUID, Integer> below = new HashMap<>();
        for (int i = preorder.size() - 1; i >= 0; i--) {
            int count = 0;
            for (UUID child : preorder.get(i).children()) {
                count += 1 + below.getOrDefault(child, 0);
            }
            below.put(preorder.get(i).uuid(), count);
        }
        ArrayNode array = SnapshotJson.MAPPER.createArrayNode();
        for (SnapshotNode node : listed) {
            array.add(SnapshotJson.of(node, node.uuid().equals(current), below.getOrDefault(node.uuid(), 0)));
        }
        return array;
    }
}
