package io.snapledger.kafka;

import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.events.kafka.LineageNode;
import io.snapledger.query.HistoryEntry;
import io.snapledger.query.HistoryQuery;
import io.snapledger.query.ListFilter;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionPosition;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotProjection;
import io.snapledger.query.SnapshotQueries;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Works out the {@link KafkaContract#LINEAGE_TOPIC} records of a batch of events. The publisher
 * keeps a tree of its own (a {@link SnapshotProjection} under {@code HOME/kafka/lineage}, fed only
 * by the publisher, so it stands exactly where publishing stands). For a batch it reads the
 * snapshots the events name and their parents and children, applies the batch, reads them again
 * with their new parents and children, and sends the latest state of every one that changed; a
 * snapshot no longer in the tree gets a tombstone. What did not change is not sent again: the
 * topic already holds it. (An event changes only the snapshots it names, their parents and their
 * children, except the two kinds {@link #changesUnnamedSnapshots} lists.)
 *
 * <p>The tree is stored before Kafka acknowledged, so if the batch then fails (or the process
 * dies) the tree is ahead of the topic, and the retried batch could no longer see what changed.
 * So before the tree moves, the batch's domains are marked (in {@code HOME/kafka/lineage-dirty});
 * the next batch re-sends the marked domains whole: every node, and a tombstone for every
 * snapshot its history names that is gone. Kafka acknowledging that batch clears the mark. An
 * undefined domain is re-sent the same way.
 */
public final class LineageFeed implements AutoCloseable {
    private static final String SOURCE = "kafka-lineage";

    private final SnapshotProjection tree;
    private final Path dirtyFile;
    private final ObjectMapper mapper = EventJson.newMapper();
    private long delivered;

    private LineageFeed(SnapshotProjection tree, Path dirtyFile) {
        this.tree = tree;
        this.dirtyFile = dirtyFile;
        this.delivered = tree.position(SOURCE).map(ProjectionPosition::sequence).orElse(0L);
    }

    static LineageFeed open(Path home) {
        Path dir = home.resolve("kafka");
        return new LineageFeed(SnapshotProjection.open(dir.resolve("lineage")), dir.resolve("lineage-dirty"));
    }

    /**
     * Applies the events to the publisher's tree and returns the lineage records to send, in
     * order. The events' domains stay marked until {@link #clearDirty()}.
     */
    List<ProducerRecord<byte[], byte[]>> apply(List<SequencedEvent> events) {
        SnapshotQueries queries = tree.queries();
        Set<String> wholeDomains = new LinkedHashSet<>(dirtyDomains());
        markDirty(events);
        Map<UUID, String> named = new LinkedHashMap<>();
        for (SequencedEvent sequenced : events) {
            DomainEvent event = sequenced.event();
            if (changesUnnamedSnapshots(event)) {
                wholeDomains.add(event.domain());
            }
            LineageSubjects.named(event).forEach(uuid -> named.put(uuid, event.domain()));
        }
        Map<UUID, String> touched = new LinkedHashMap<>(named);
        Map<UUID, SnapshotNode> before = readWithNeighbours(queries, named, touched);
        List<PositionedEvent> positioned = new ArrayList<>();
        events.forEach(event -> positioned.add(new PositionedEvent(ProjectionPosition.of(SOURCE, ++delivered),
                event.event(), event.aggregateSequence())));
        tree.applyAll(positioned);
        Map<UUID, SnapshotNode> after = readWithNeighbours(queries, named, touched);

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        touched.forEach((uuid, domain) -> {
            SnapshotNode now = after.get(uuid);
            if (!wholeDomains.contains(domain) && !Objects.equals(before.get(uuid), now)) {
                records.add(record(uuid, Optional.ofNullable(now)));
            }
        });
        wholeDomains.forEach(domain -> records.addAll(wholeDomain(queries, domain)));
        return records;
    }

    /**
     * Any other event changes only the snapshots it names and their parents and children; these
     * change snapshots no event of the batch names: every one of the domain, or every one a
     * deletion had marked below the snapshot whose deletion was aborted. Their domain is re-sent whole.
     */
    private static boolean changesUnnamedSnapshots(DomainEvent event) {
        return event instanceof DomainUndefined || event instanceof DeletionAborted;
    }

    /**
     * Reads the named snapshots, adds their parents and children to {@code touched}, and reads
     * every touched snapshot: two multi-gets.
     *
     * @return the touched snapshots the tree holds
     */
    private static Map<UUID, SnapshotNode> readWithNeighbours(SnapshotQueries queries, Map<UUID, String> named,
                                                             Map<UUID, String> touched) {
        Map<UUID, SnapshotNode> nodes = new HashMap<>(queries.snapshots(named));
        for (SnapshotNode node : nodes.values()) {
            if (node.parentUuid() != null) {
                touched.putIfAbsent(node.parentUuid(), node.domain());
            }
            node.children().forEach(child -> touched.putIfAbsent(child, node.domain()));
        }
        Map<UUID, String> others = new LinkedHashMap<>(touched);
        others.keySet().removeAll(named.keySet());
        nodes.putAll(queries.snapshots(others));
        return nodes;
    }

    /** Every node of the domain, and a tombstone for each snapshot its history names that is gone. */
    private List<ProducerRecord<byte[], byte[]>> wholeDomain(SnapshotQueries queries, String domain) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<UUID> live = new LinkedHashSet<>();
        if (queries.domain(domain).isPresent()) {
            for (SnapshotNode node : queries.list(domain, ListFilter.all().topological())) {
                live.add(node.uuid());
                records.add(record(node.uuid(), Optional.of(node)));
            }
        }
        Set<UUID> gone = new LinkedHashSet<>();
        for (HistoryEntry entry : queries.history(HistoryQuery.everything().domain(domain))) {
            if (entry.snapshotUuid() != null && !live.contains(entry.snapshotUuid())) {
                gone.add(entry.snapshotUuid());
            }
        }
        gone.forEach(uuid -> records.add(record(uuid, Optional.empty())));
        return records;
    }

    private ProducerRecord<byte[], byte[]> record(UUID uuid, Optional<SnapshotNode> node) {
        byte[] value = node.map(this::json).orElse(null);
        return new ProducerRecord<>(KafkaContract.LINEAGE_TOPIC, EventRecords.utf8(uuid.toString()), value);
    }

    private byte[] json(SnapshotNode node) {
        try {
            return mapper.writeValueAsBytes(toLineage(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the lineage of snapshot " + node.uuid(), e);
        }
    }

    /** The lineage value of a projection node: the same fields, the contract's types. */
    public static LineageNode toLineage(SnapshotNode node) {
        List<LineageNode.Device> devices = node.devices().stream().map(LineageFeed::toLineage).toList();
        return new LineageNode(node.uuid(), node.domain(), node.id(), node.name(), node.description(),
                node.parentUuid(), node.children(), LineageNode.State.valueOf(node.state().name()), devices,
                node.memoryMode(), node.memoryFile(), node.creationTime(), node.completedTime());
    }

    private static LineageNode.Device toLineage(SnapshotDevice device) {
        return new LineageNode.Device(device.device(), device.mode(), device.image(), device.format(),
                device.overlay());
    }

    /** Marks the events' domains before the tree moves ahead of the topic: re-sent whole until cleared. */
    private void markDirty(List<SequencedEvent> events) {
        Set<String> dirty = new LinkedHashSet<>(dirtyDomains());
        events.forEach(event -> dirty.add(event.event().domain()));
        try {
            Files.createDirectories(dirtyFile.getParent());
            Files.write(dirtyFile, dirty);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dirtyFile, e);
        }
    }

    /** Kafka acknowledged a batch: its records, and the whole domains it re-sent, are on the topic. */
    void clearDirty() {
        try {
            Files.deleteIfExists(dirtyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dirtyFile, e);
        }
    }

    private List<String> dirtyDomains() {
        try {
            return Files.exists(dirtyFile) ? Files.readAllLines(dirtyFile) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dirtyFile, e);
        }
    }

    @Override
    public void close() {
        tree.close();
    }
}
