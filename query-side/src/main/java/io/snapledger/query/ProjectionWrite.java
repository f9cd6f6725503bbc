package io.snapledger.query;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * One unit of work of the single writer: the changes of one or more events, buffered, readable
 * by the events that follow in the same unit, and written by {@link #commit()} in one RocksDB
 * {@link WriteBatch} together with the new positions. Nothing reaches the store before commit,
 * so a failure anywhere leaves the store as it was.
 *
 * <p>Snapshot nodes are held decoded and written once at commit with their links, however many
 * events changed them: a root with 10,000 children is encoded once per batch, not once per
 * child added. Other
 * values are buffered as bytes. Deleting a whole domain's range is recorded as a range delete
 * that hides the stored keys from later reads in the same unit.
 *
 * <p>Reads go to the latest state of the store; that is consistent because there is one writer.
 */
final class ProjectionWrite implements AutoCloseable {

    /** Nodes a bulk load encodes before it hands them over: enough to share among cores, few enough to hold little memory. */
    private static final int NODES_ENCODED_AT_ONCE = 4_096;

    private final RocksStore store;
    private final StoreJson json;
    private final ReadView reads;
    /** Hashed, not sorted: a rebuild buffers hundreds of thousands of keys, and RocksDB sorts them anyway. */
    private final Map<Family, Map<ByteKey, Optional<byte[]>>> pending = new EnumMap<>(Family.class);
    private final Map<Family, List<byte[]>> deletedPrefixes = new EnumMap<>(Family.class);
    /** Every node this unit read or changed; the changed ones also in the order first changed. */
    private final Map<NodeKey, NodeSlot> nodes = new HashMap<>();
    private final List<NodeSlot> changedNodes = new ArrayList<>();
    private final Set<String> clearedDomains = new LinkedHashSet<>();
    private final Map<String, DecodedDomain> decodedDomains = new HashMap<>();
    /** Null but in a rebuild: takes the puts of the families no event reads back. */
    private final BulkLoad appendOnly;

    ProjectionWrite(RocksStore store, StoreJson json) {
        this(store, json, store.latestView(), null);
    }

    private ProjectionWrite(RocksStore store, StoreJson json, ReadView reads, BulkLoad appendOnly) {
        this.store = store;
        this.json = json;
        this.reads = reads;
        this.appendOnly = appendOnly;
    }

    /**
     * A unit over a store that was just emptied, for a rebuild: everything there is to read is
     * what this unit wrote, so reads never go down to RocksDB (a point read through JNI costs more
     * than applying a whole event). Puts to the families {@code appendOnly} takes go straight to
     * it and cannot be read back. Call inside {@link RocksStore#guarded}.
     */
    static ProjectionWrite overEmptyStore(RocksStore store, StoreJson json, BulkLoad appendOnly) {
        return new ProjectionWrite(store, json, null, appendOnly);
    }

    StoreJson json() {
        return json;
    }

    /** The value as this unit sees it, or null. */
    byte[] get(Family family, byte[] key) throws RocksDBException {
        Map<ByteKey, Optional<byte[]>> changes = pending.get(family);
        if (changes != null) {
            Optional<byte[]> change = changes.get(new ByteKey(key));
            if (change != null) {
                return change.orElse(null);
            }
        }
        if (reads == null) {
            return null;
        }
        for (byte[] prefix : deletedPrefixes.getOrDefault(family, List.of())) {
            if (Keys.startsWith(key, prefix)) {
                return null;
            }
        }
        return reads.get(family, key);
    }

    void put(Family family, byte[] key, byte[] value) {
        requireNotNodes(family);
        if (appendOnly != null && appendOnly.takes(family)) {
            appendOnly.add(family, key, value);
            return;
        }
        changes(family).put(new ByteKey(key), Optional.of(value));
    }

    void delete(Family family, byte[] key) {
        requireNotNodes(family);
        if (appendOnly != null && appendOnly.takes(family)) {
            throw new IllegalStateException("the rebuild only appends to " + family.familyName());
        }
        changes(family).put(new ByteKey(key), Optional.empty());
    }

    /** Deletes every key of the domain in these families; naming the nodes deletes their links too. */
    void deleteDomainRange(String domain, Family... families) {
        byte[] prefix = Keys.domainPrefix(domain);
        List<Family> all = new ArrayList<>(Arrays.asList(families));
        if (all.contains(Family.NODES)) {
            all.add(Family.LINKS);
        }
        for (Family family : all) {
            changes(family).keySet().removeIf(key -> Keys.startsWith(key.bytes(), prefix));
            deletedPrefixes.computeIfAbsent(family, f -> new ArrayList<>()).add(prefix);
            if (family == Family.NODES) {
                nodes.keySet().removeIf(key -> key.domain().equals(domain));
                changedNodes.removeIf(slot -> slot.key.domain().equals(domain));
                clearedDomains.add(domain);
            }
        }
    }

    /**
     * The domain's record, or null; decoded once and reused while the unit holds the same stored
     * bytes (a rebuild reads a domain's record for thousands of its events).
     */
    StoredDomain domain(String name) throws RocksDBException {
        byte[] stored = get(Family.DOMAINS, Keys.text(name));
        if (stored == null) {
            return null;
        }
        DecodedDomain known = decodedDomains.get(name);
        if (known == null || known.stored() != stored) {
            known = new DecodedDomain(stored, json.read(stored, StoredDomain.class));
            decodedDomains.put(name, known);
        }
        return known.domain();
    }

    void putDomain(StoredDomain domain) {
        byte[] stored = json.write(domain);
        put(Family.DOMAINS, Keys.text(domain.name()), stored);
        decodedDomains.put(domain.name(), new DecodedDomain(stored, domain));
    }

    private record DecodedDomain(byte[] stored, StoredDomain domain) {
    }

    Optional<SnapshotNode> node(String domain, UUID uuid) throws RocksDBException {
        NodeKey key = new NodeKey(domain, uuid);
        NodeSlot known = nodes.get(key);
        if (known == null) {
            byte[] stored = get(Family.NODES, Keys.node(domain, uuid));
            known = new NodeSlot(key, stored == null ? Optional.empty() : Optional.of(json.node(stored)));
            nodes.put(key, known);
        }
        return known.node;
    }

    void putNode(SnapshotNode node) {
        change(new NodeKey(node.domain(), node.uuid()), Optional.of(node));
    }

    void deleteNode(String domain, UUID uuid) {
        change(new NodeKey(domain, uuid), Optional.empty());
    }

    private void change(NodeKey key, Optional<SnapshotNode> node) {
        NodeSlot slot = nodes.computeIfAbsent(key, k -> new NodeSlot(k, node));
        slot.node = node;
        if (!slot.changed) {
            slot.changed = true;
            changedNodes.add(slot);
        }
    }

    /** The nodes this unit changed, with their new state (empty: deleted), in the order first changed. */
    Map<NodeKey, Optional<SnapshotNode>> changedNodes() {
        Map<NodeKey, Optional<SnapshotNode>> changed = new LinkedHashMap<>();
        changedNodes.forEach(slot -> changed.put(slot.key, slot.node));
        return changed;
    }

    /** The domains whose nodes were all deleted by a range delete. */
    Set<String> clearedDomains() {
        return Collections.unmodifiableSet(clearedDomains);
    }

    /** Writes everything in one batch: range deletes first, so that later puts in the range survive. */
    void commit() throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            addTo(batch);
            store.write(batch);
        }
    }

    /**
     * Moves the family's buffered changes into {@code batch} and forgets them, so that a rebuild
     * writes its positions on their own, after everything else. Only for a unit
     * {@link #overEmptyStore over an empty store}, whose reads would otherwise miss what was moved out.
     */
    void moveTo(WriteBatch batch, Family family) throws RocksDBException {
        requireNotNodes(family);
        if (reads != null) {
            throw new IllegalStateException("only a unit over an emptied store moves changes out early");
        }
        Map<ByteKey, Optional<byte[]>> changes = pending.remove(family);
        if (changes != null) {
            addChanges(batch, family, changes);
        }
    }

    /**
     * Hands everything this unit holds to {@code load}, a run at a time as runs fill (a history
     * of millions of events leaves more nodes than one run holds): for a rebuild's unit, over a
     * store that holds nothing the unit could have deleted, so only the values that exist are
     * loaded. Not inside {@link RocksStore#guarded}.
     */
    void loadInto(BulkLoad load) {
        if (reads != null) {
            throw new IllegalStateException("only a unit over an emptied store is loaded in bulk");
        }
        pending.forEach((family, changes) -> changes.forEach((key, value) -> value.ifPresent(present -> {
            load.add(family, key.bytes(), present);
            load.handOverIfFull();
        })));
        pending.clear();
        for (int from = 0; from < changedNodes.size(); from += NODES_ENCODED_AT_ONCE) {
            List<NodeSlot> slots = changedNodes.subList(from, Math.min(changedNodes.size(), from + NODES_ENCODED_AT_ONCE));
            EncodedNode[] encoded = new EncodedNode[slots.size()];
            // Encoding is most of the work and each node's is independent: every core takes a share.
            IntStream.range(0, slots.size()).parallel().forEach(i -> encoded[i] = encode(slots.get(i)));
            for (EncodedNode node : encoded) {
                if (node != null) {
                    load.add(Family.NODES, node.key(), node.json());
                    load.add(Family.LINKS, node.key(), node.link());
                    load.handOverIfFull();
                }
            }
        }
        changedNodes.clear();
    }

    /** The node's key, JSON and link, or null if the unit deleted it. */
    private EncodedNode encode(NodeSlot slot) {
        return slot.node.map(node -> new EncodedNode(Keys.node(slot.key.domain(), slot.key.uuid()), json.write(node),
                Link.of(node).encode())).orElse(null);
    }

    private record EncodedNode(byte[] key, byte[] json, byte[] link) {
    }

    /** Adds everything this unit changed to {@code batch}: range deletes first, so that later puts in the range survive. */
    private void addTo(WriteBatch batch) throws RocksDBException {
        for (Map.Entry<Family, List<byte[]>> ranges : deletedPrefixes.entrySet()) {
            for (byte[] prefix : ranges.getValue()) {
                batch.deleteRange(store.handle(ranges.getKey()), prefix, Keys.prefixEnd(prefix));
            }
        }
        for (Map.Entry<Family, Map<ByteKey, Optional<byte[]>>> changes : pending.entrySet()) {
            addChanges(batch, changes.getKey(), changes.getValue());
        }
        for (NodeSlot slot : changedNodes) {
            // The links family mirrors the nodes, so it is written here and nowhere else.
            byte[] nodeKey = Keys.node(slot.key.domain(), slot.key.uuid());
            Optional<SnapshotNode> node = slot.node;
            if (node.isPresent()) {
                batch.put(store.handle(Family.NODES), nodeKey, json.write(node.get()));
                batch.put(store.handle(Family.LINKS), nodeKey, Link.of(node.get()).encode());
            } else {
                batch.delete(store.handle(Family.NODES), nodeKey);
                batch.delete(store.handle(Family.LINKS), nodeKey);
            }
        }
    }

    private void addChanges(WriteBatch batch, Family family, Map<ByteKey, Optional<byte[]>> changes)
            throws RocksDBException {
        for (Map.Entry<ByteKey, Optional<byte[]>> change : changes.entrySet()) {
            if (change.getValue().isPresent()) {
                batch.put(store.handle(family), change.getKey().bytes(), change.getValue().get());
            } else {
                batch.delete(store.handle(family), change.getKey().bytes());
            }
        }
    }

    @Override
    public void close() {
        if (reads != null) {
            reads.close();
        }
    }

    private Map<ByteKey, Optional<byte[]>> changes(Family family) {
        return pending.computeIfAbsent(family, f -> new HashMap<>());
    }

    private static void requireNotNodes(Family family) {
        if (family == Family.NODES || family == Family.LINKS) {
            throw new IllegalArgumentException("nodes and their links are written through putNode and deleteNode");
        }
    }

    /** A key's bytes as a hash key, its hash computed once; the array is never changed once it is a key. */
    private static final class ByteKey {
        private final byte[] bytes;
        private final int hash;

        ByteKey(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByteKey that && hash == that.hash && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return Arrays.toString(bytes);
        }
    }

    /** A node as this unit sees it (empty: none or deleted), and whether the unit changed it. */
    private static final class NodeSlot {
        final NodeKey key;
        Optional<SnapshotNode> node;
        boolean changed;

        NodeSlot(NodeKey key, Optional<SnapshotNode> node) {
            this.key = key;
            this.node = node;
        }
    }

    /** A node's identity in the store: nodes are keyed by domain and UUID. */
    record NodeKey(String domain, UUID uuid) {
        /** UUID's own hash folds its halves together, which collides for UUIDs that count (imported ones may). */
        @Override
        public int hashCode() {
            long mixed = (uuid.getMostSignificantBits() * 0x9E3779B97F4A7C15L) ^ uuid.getLeastSignificantBits();
            return 31 * domain.hashCode() + Long.hashCode(mixed * 0xC2B2AE3D27D4EB4FL);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NodeKey that && uuid.equals(that.uuid) && domain.equals(that.domain);
        }
    }
}
