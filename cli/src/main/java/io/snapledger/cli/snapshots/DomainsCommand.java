package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerReads;
import io.snapledger.query.DeviceImage;
import io.snapledger.query.DomainView;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code domains}: every defined domain, its devices' active images, its snapshots and current one. */
@Command(name = "domains", description = "List the defined domains.")
public final class DomainsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of the domains.")
    private boolean json;

    @Override
    public Integer call() {
        try (LedgerReads ledger = Main.of(spec).openQuerySide()) {
            SnapshotQueries queries = ledger.queries();
            ArrayNode array = SnapshotJson.MAPPER.createArrayNode();
            VirshTable table = new VirshTable("Name", "State", "Snapshots", "Current", "Devices");
            for (DomainView domain : queries.domains()) {
                if (!ledger.serves(domain.name())) {
                    continue; // another member of a query node's group reads it now
                }
                // counted and looked up, not listed: a domain may hold thousands of snapshots
                long snapshots = queries.count(domain.name());
                String current = domain.currentSnapshot() == null ? null : queries.snapshot(domain.name(),
                        domain.currentSnapshot()).map(SnapshotNode::name).orElse(null);
                String state = ledger.state(domain).words();
                table.row(domain.name(), state, Long.toString(snapshots), current == null ? "-" : current,
                        domain.devices().stream().map(d -> d.name() + "=" + d.path()).collect(Collectors.joining(" ")));
                ObjectNode node = array.addObject();
                node.put("name", domain.name());
                node.put("online", !"shut off".equals(state));
                node.put("state", state);
                node.put("live", domain.live());
                node.put("snapshots", snapshots);
                node.put("current", current);
                node.put("currentUuid", domain.currentSnapshot() == null ? null : domain.currentSnapshot().toString());
                ArrayNode devices = node.putArray("devices");
                for (DeviceImage device : domain.devices()) {
                    devices.addObject().put("device", device.name()).put("file", device.path())
                            .put("format", device.format().name().toLowerCase());
                }
            }
            Main.of(spec).out().print(json ? SnapshotJson.pretty(array) + "\n" : table.render());
        }
        return 0;
    }
}
