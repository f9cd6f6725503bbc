package io.snapledger.examples.consumer;

import io.snapledger.events.kafka.LineageNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Bootstraps like a downstream service would and shows what it sees: the live snapshots of every
 * domain from the lineage topic, then each new event as it arrives. Run it with
 * {@code examples/kafka-consumer/watch.sh BOOTSTRAP}; Ctrl-C stops it.
 */
public final class WatchSnapshots {
    private static final Duration POLL = Duration.ofMillis(500);

    private WatchSnapshots() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        PrintStream out = System.out;
        try (SnapshotTopicsConsumer consumer = new SnapshotTopicsConsumer(bootstrap)) {
            consumer.skipHistory();
            tree(consumer.readLineage()).forEach(out::println);
            out.println("following snapledger.events.v1 at " + bootstrap + " (Ctrl-C stops)");
            while (true) { // until Ctrl-C ends the process: nothing to keep, the consumer stores no offsets
                consumer.poll(POLL).forEach(event -> out.println(line(event)));
            }
        }
    }

    /** One line per live snapshot, grouped by domain, each with its parent's name. */
    public static List<String> tree(Map<UUID, LineageNode> lineage) {
        Map<String, List<LineageNode>> byDomain = lineage.values().stream()
                .collect(Collectors.groupingBy(LineageNode::domain, TreeMap::new, Collectors.toList()));
        List<String> lines = new ArrayList<>();
        lines.add(lineage.size() + " live snapshot(s) in " + byDomain.size() + " domain(s)");
        byDomain.forEach((domain, nodes) -> nodes.stream().sorted(Comparator.comparingLong(LineageNode::id))
                .forEach(node -> lines.add(domain + "  #" + node.id() + " " + node.name() + "  parent: "
                        + parentName(lineage, node) + "  " + node.state().name().toLowerCase(Locale.ROOT))));
        return lines;
    }

    private static String parentName(Map<UUID, LineageNode> lineage, LineageNode node) {
        if (node.parentUuid() == null) {
            return "(root)";
        }
        LineageNode parent = lineage.get(node.parentUuid());
        return parent == null ? node.parentUuid().toString() : parent.name();
    }

    /** The domain, its sequence number, the event type and who caused it. */
    public static String line(ReceivedEvent event) {
        return event.domain() + "  " + event.aggregateSequence() + "  " + event.type() + "  by " + event.actor();
    }
}
