package io.snapledger.app.kafka;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Works out the {@link KafkaContract#LINEAGE_TOPIC} records of a batch of events. The publisher
 * keeps a tree of its own (a {@link SnapshotProjection} under {@code HOME/kafka/lineage}, fed only
 * by the publisher, so it stands exactly where publishing stands) and, after applying a batch,
 * sends the latest state of every snapshot the batch may have changed: those its events name,
 * their parents and children before and after. A snapshot no longer in the tree gets a tombstone.
 *
 * <p>The tree is stored before Kafka acknowledged: if the batch then fails it is ahead of the
 * topic, and the retried batch could no longer see what changed. So a failed batch marks its
 * domains (in {@code HOME/kafka/lineage-dirty}); the next batch that succeeds re-sends those
 * domains whole: every node, and a tombstone for every snapshot its history names that is gone.
 * An undefined domain is re-sent the same way.
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

    /** Applies the events to the publisher's tree and returns the lineage records to send, in order. */
    List<ProducerRecord<byte[], byte[]>> apply(List<SequencedEvent> events) {
        SnapshotQueries queries = tree.queries();
        Set<String> wholeDomains = new LinkedHashSet<>(dirtyDomains());
        Map<UUID, String> touched = new LinkedHashMap<>();
        for (SequencedEvent sequenced : events) {
            DomainEvent event = sequenced.event();
            if (event instanceof DomainUndefined) {
                wholeDomains.add(event.domain());
            }
            LineageSubjects.named(event).forEach(uuid -> touchWithNeighbours(queries, event.domain(), uuid, touched));
        }
        List<PositionedEvent> positioned = new ArrayList<>();
        events.forEach(event -> positioned.add(new PositionedEvent(ProjectionPosition.of(SOURCE, ++delivered),
                event.event(), event.aggregateSequence())));
        tree.applyAll(positioned);
        new ArrayList<>(touched.entrySet()).forEach(entry -> touchWithNeighbours(queries, entry.getValue(),
                entry.getKey(), touched));

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        touched.forEach((uuid, domain) -> {
            if (!wholeDomains.contains(domain)) {
                records.add(record(uuid, queries.snapshot(domain, uuid)));
            }
        });
        wholeDomains.forEach(domain -> records.addAll(wholeDomain(queries, domain)));
        return records;
    }

    private static void touchWithNeighbours(SnapshotQueries queries, String domain, UUID uuid, Map<UUID, String> touched) {
        touched.put(uuid, domain);
        queries.snapshot(domain, uuid).ifPresent(node -> {
            if (node.parentUuid() != null) {
                touched.put(node.parentUuid(), domain);
            }
            node.children().forEach(child -> touched.put(child, domain));
        });
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

    /** The batch failed after its events were applied here: its domains are re-sent whole later. */
    void markDirty(List<SequencedEvent> events) {
        Set<String> dirty = new LinkedHashSet<>(dirtyDomains());
        events.forEach(event -> dirty.add(event.event().domain()));
        try {
            Files.createDirectories(dirtyFile.getParent());
            Files.write(dirtyFile, dirty);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dirtyFile, e);
        }
    }

    /** Kafka acknowledged a batch that re-sent the dirty domains. */
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
