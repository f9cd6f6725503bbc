package io.snapledger.query;

import io.snapledger.events.model.Require;

import org.rocksdb.RocksDBException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Read-only questions to a {@link SnapshotProjection}'s store. Thread-safe; each call reads one
 * RocksDB snapshot, so it sees the store as a whole batch left it, never half of one.
 *
 * <p>Costs: listing and {@link #tree} read the domain's nodes with one prefix scan; {@link #lineage}
 * reads one small binary link per ancestor, and for a deep tree loads the domain's links once
 * and walks them in memory from then on; {@link #info} counts descendants level by level, one
 * multi-get per level.
 *
 * <p>A snapshot named by a UUID the domain does not hold gives an empty answer, never an error:
 * the caller resolved it a moment ago and it may have been deleted since.
 */
public final class SnapshotQueries {

    private static final Pattern UUID_TEXT =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Comparator<SnapshotNode> BY_NAME =
            (a, b) -> TreeEditor.compare(a.name(), a.uuid(), b.name(), b.uuid());
    private static final int HISTORY_BATCH = 512;

    private final RocksStore store;
    private final StoreJson json;
    private final LineageCache lineage;

    SnapshotQueries(RocksStore store, StoreJson json, LineageCache lineage) {
        this.store = store;
        this.json = json;
        this.lineage = lineage;
    }

    /** Every domain, by name. */
    public List<DomainView> domains() {
        return store.guarded("list domains", () -> {
            try (ReadView view = store.snapshotView()) {
                List<StoredDomain> stored = new ArrayList<>();
                view.scan(Family.DOMAINS, new byte[0], (key, value) -> stored.add(json.read(value, StoredDomain.class)));
                List<byte[]> currentKeys = stored.stream().map(domain -> Keys.text(domain.name())).toList();
                List<byte[]> currents = view.multiGet(Family.CURRENT, currentKeys);
                List<DomainView> domains = new ArrayList<>();
                for (int i = 0; i < stored.size(); i++) {
                    domains.add(stored.get(i).view(currents.get(i) == null ? null : Keys.uuid(currents.get(i))));
                }
                return domains;
            }
        });
    }

    /**
     * How many events the history holds over all domains, each once however often it was
     * delivered: what a rebuild from the same history applies.
     */
    public long recordedEvents() {
        return store.guarded("count recorded events", () -> {
            try (ReadView view = store.snapshotView()) {
                long[] total = {0};
                view.scan(Family.HISTORY_SEQUENCES, new byte[0], (key, value) -> {
                    total[0] += Keys.longValue(value);
                    return true;
                });
                return total[0];
            }
        });
    }

    public Optional<DomainView> domain(String domain) {
        Require.nonBlank(domain, "domain");
        return store.guarded("read domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                byte[] stored = view.get(Family.DOMAINS, Keys.text(domain));
                if (stored == null) {
                    return Optional.empty();
                }
                return Optional.of(json.read(stored, StoredDomain.class).view(current(view, domain)));
            }
        });
    }

    public Optional<SnapshotNode> snapshot(String domain, UUID uuid) {
        Require.nonBlank(domain, "domain");
        Require.nonNull(uuid, "uuid");
        return store.guarded("read snapshot " + uuid + " of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                return node(view, domain, uuid);
            }
        });
    }

    /**
     * The snapshots among {@code wanted} (each UUID with its domain) the store holds, read from
     * one view with one native call: for a caller that needs many nodes at once, as the Kafka
     * lineage feed does for every batch it publishes.
     */
    public Map<UUID, SnapshotNode> snapshots(Map<UUID, String> wanted) {
        Require.nonNull(wanted, "wanted");
        return store.guarded("read " + wanted.size() + " snapshots", () -> {
            List<UUID> uuids = new ArrayList<>(wanted.keySet());
            List<byte[]> keys = uuids.stream().map(uuid -> Keys.node(wanted.get(uuid), uuid)).toList();
            Map<UUID, SnapshotNode> found = new HashMap<>();
            try (ReadView view = store.snapshotView()) {
                List<byte[]> values = view.multiGet(Family.NODES, keys);
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != null) {
                        found.put(uuids.get(i), json.node(values.get(i)));
                    }
                }
            }
            return found;
        });
    }

    /**
     * Finds a snapshot the way an operator names it: by name first, then by UUID, then by
     * number. A name wins over a number or UUID it looks like, as the name is the operator's word.
     */
    public Optional<SnapshotNode> resolve(String domain, String reference) {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(reference, "reference");
        return store.guarded("resolve snapshot " + reference + " of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                byte[] byName = view.get(Family.NAMES, Keys.name(domain, reference));
                if (byName != null) {
                    return node(view, domain, Keys.uuid(byName));
                }
                if (UUID_TEXT.matcher(reference).matches()) {
                    return node(view, domain, UUID.fromString(reference));
                }
                if (NUMBER.matcher(reference).matches()) {
                    byte[] byId = view.get(Family.IDS, Keys.id(domain, Long.parseLong(reference)));
                    return byId == null ? Optional.empty() : node(view, domain, Keys.uuid(byId));
                }
                return Optional.empty();
            }
        });
    }

    public Optional<SnapshotNode> current(String domain) {
        Require.nonBlank(domain, "domain");
        return store.guarded("read the current snapshot of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                UUID current = current(view, domain);
                return current == null ? Optional.empty() : node(view, domain, current);
            }
        });
    }

    /** How many snapshots the domain holds, counted on its id index without reading a node. */
    public long count(String domain) {
        Require.nonBlank(domain, "domain");
        return store.guarded("count the snapshots of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                long[] count = {0};
                view.scanPrefix(Family.IDS, Keys.domainPrefix(domain), (key, value) -> {
                    count[0]++;
                    return true;
                });
                return count[0];
            }
        });
    }

    /** {@code snapshot-list}: the snapshots the filter selects, by name or topologically. */
    public List<SnapshotNode> list(String domain, ListFilter filter) {
        Require.nonBlank(domain, "domain");
        Require.nonNull(filter, "filter");
        return store.guarded("list snapshots of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                List<SnapshotNode> selected = filter.scope() == ListFilter.Scope.CHILDREN
                        ? children(view, domain, filter.from())
                        : select(nodes(view, domain), domain, filter);
                if (filter.onlyLeaves()) {
                    selected.removeIf(SnapshotNode::hasChildren);
                }
                if (!filter.inTopologicalOrder()) {
                    selected.sort(BY_NAME);
                }
                return selected;
            }
        });
    }

    /** {@code snapshot-list --tree}; draw it with {@link SnapshotTreeRenderer}. */
    public SnapshotTree tree(String domain) {
        Require.nonBlank(domain, "domain");
        return store.guarded("read the snapshot tree of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                return SnapshotTree.of(domain, nodes(view, domain).values());
            }
        });
    }

    /** The snapshot's ancestors, parent first, root last; empty for a root or an unknown snapshot. */
    public List<SnapshotRef> lineage(String domain, UUID snapshot) {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshot, "snapshot");
        return store.guarded("read the lineage of snapshot " + snapshot + " of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                return lineage.ancestors(domain, snapshot, new StoredLinks(view, domain));
            }
        });
    }

    /** {@code snapshot-info}. */
    public Optional<SnapshotInfo> info(String domain, UUID snapshot) {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshot, "snapshot");
        return store.guarded("read snapshot " + snapshot + " of domain " + domain, () -> {
            try (ReadView view = store.snapshotView()) {
                Optional<SnapshotNode> found = node(view, domain, snapshot);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                SnapshotNode node = found.get();
                SnapshotRef parent = node.parentUuid() == null ? null
                        : node(view, domain, node.parentUuid()).map(SnapshotNode::ref).orElse(null);
                return Optional.of(new SnapshotInfo(node, snapshot.equals(current(view, domain)), parent,
                        node.children().size(), countDescendants(view, node)));
            }
        });
    }

    /**
     * The audit history entries the query selects, by time; entries at the same time by domain,
     * and one domain's in the order they were applied.
     */
    public List<HistoryEntry> history(HistoryQuery query) {
        Require.nonNull(query, "query");
        return store.guarded("read the history", () -> {
            try (ReadView view = store.snapshotView()) {
                return query.domain() != null ? domainHistory(view, query) : allHistory(view, query);
            }
        });
    }

    /** When the domain's first recorded event occurred; empty if it has no history. */
    public Optional<Instant> historyStart(String domain) {
        Require.nonBlank(domain, "domain");
        return store.guarded("read when the history of domain " + domain + " starts", () -> {
            try (ReadView view = store.snapshotView()) {
                Instant[] first = {null};
                view.scanPrefix(Family.HISTORY, Keys.domainPrefix(domain), (key, value) -> {
                    first[0] = Keys.historyKey(key).time();
                    return false;
                });
                return Optional.ofNullable(first[0]);
            }
        });
    }

    private List<HistoryEntry> domainHistory(ReadView view, HistoryQuery query) throws RocksDBException {
        byte[] prefix = Keys.domainPrefix(query.domain());
        byte[] seek = query.from() == null ? prefix : Keys.historyFrom(query.domain(), query.from());
        List<HistoryEntry> entries = new ArrayList<>();
        view.scanPrefix(Family.HISTORY, prefix, seek, (key, value) -> {
            if (query.to() != null && Keys.historyKey(key).time().isAfter(query.to())) {
                return false;
            }
            HistoryEntry entry = HistoryValue.entry(Keys.historyKey(key), value, json);
            if (query.matches(entry)) {
                entries.add(entry);
            }
            return true;
        });
        return entries;
    }

    private List<HistoryEntry> allHistory(ReadView view, HistoryQuery query) throws RocksDBException {
        byte[] seek = query.from() == null ? new byte[0] : Keys.time(query.from());
        List<Keys.HistoryKey> keys = new ArrayList<>();
        view.scan(Family.HISTORY_BY_TIME, seek, (key, value) -> {
            Keys.HistoryKey historyKey = Keys.historyByTimeKey(key);
            if (query.to() != null && historyKey.time().isAfter(query.to())) {
                return false;
            }
            keys.add(historyKey);
            return true;
        });
        List<HistoryEntry> entries = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += HISTORY_BATCH) {
            List<Keys.HistoryKey> batch = keys.subList(start, Math.min(keys.size(), start + HISTORY_BATCH));
            List<byte[]> values = view.multiGet(Family.HISTORY, batch.stream().map(Keys::history).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (values.get(i) == null) {
                    throw new ProjectionException(store.name() + ": the history's time index points at a missing entry");
                }
                HistoryEntry entry = HistoryValue.entry(batch.get(i), values.get(i), json);
                if (query.matches(entry)) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    private static List<SnapshotNode> select(Map<UUID, SnapshotNode> all, String domain, ListFilter filter) {
        if (filter.scope() == ListFilter.Scope.ALL && !filter.inTopologicalOrder()) {
            return new ArrayList<>(all.values());
        }
        SnapshotTree tree = SnapshotTree.of(domain, all.values());
        return switch (filter.scope()) {
            case ALL -> tree.preorder();
            case ROOTS -> new ArrayList<>(tree.roots().stream().map(SnapshotTree.Node::snapshot).toList());
            case DESCENDANTS -> tree.node(filter.from())
                    .map(from -> SnapshotTree.preorder(from.children()))
                    .orElseGet(ArrayList::new);
            case CHILDREN -> throw new IllegalArgumentException("children are listed without the whole tree");
        };
    }

    private List<SnapshotNode> children(ReadView view, String domain, UUID parent) throws RocksDBException {
        Optional<SnapshotNode> from = node(view, domain, parent);
        return from.isEmpty() ? new ArrayList<>() : nodes(view, domain, from.get().children());
    }

    private int countDescendants(ReadView view, SnapshotNode node) throws RocksDBException {
        int count = 0;
        List<UUID> level = node.children();
        while (!level.isEmpty()) {
            count += level.size();
            List<UUID> next = new ArrayList<>();
            for (SnapshotNode child : nodes(view, node.domain(), level)) {
                next.addAll(child.children());
            }
            level = next;
        }
        return count;
    }

    private Map<UUID, SnapshotNode> nodes(ReadView view, String domain) throws RocksDBException {
        Map<UUID, SnapshotNode> nodes = new LinkedHashMap<>();
        view.scanPrefix(Family.NODES, Keys.domainPrefix(domain), (key, value) -> {
            SnapshotNode node = json.node(value);
            nodes.put(node.uuid(), node);
            return true;
        });
        return nodes;
    }

    private List<SnapshotNode> nodes(ReadView view, String domain, List<UUID> uuids) throws RocksDBException {
        List<byte[]> keys = uuids.stream().map(uuid -> Keys.node(domain, uuid)).toList();
        List<SnapshotNode> found = new ArrayList<>();
        for (byte[] value : view.multiGet(Family.NODES, keys)) {
            if (value != null) {
                found.add(json.node(value));
            }
        }
        return found;
    }

    private Optional<SnapshotNode> node(ReadView view, String domain, UUID uuid) throws RocksDBException {
        byte[] stored = view.get(Family.NODES, Keys.node(domain, uuid));
        return stored == null ? Optional.empty() : Optional.of(json.node(stored));
    }

    /**
     * A domain's links in the store: single links from the query's view; all of them from a view
     * opened when asked, because the lineage cache loads under its lock and must see the store as
     * it is then, not as it was when the query began.
     */
    private final class StoredLinks implements LineageCache.LinkSource {

        private final ReadView view;
        private final String domain;

        StoredLinks(ReadView view, String domain) {
            this.view = view;
            this.domain = domain;
        }

        @Override
        public Link link(UUID uuid) throws RocksDBException {
            byte[] stored = view.get(Family.LINKS, Keys.node(domain, uuid));
            return stored == null ? null : Link.decode(uuid, stored);
        }

        @Override
        public Map<UUID, Link> all() throws RocksDBException {
            Map<UUID, Link> links = new HashMap<>();
            try (ReadView now = store.snapshotView()) {
                now.scanPrefix(Family.LINKS, Keys.domainPrefix(domain), (key, value) -> {
                    UUID uuid = Keys.uuidAt(key, Keys.afterDomain(key));
                    links.put(uuid, Link.decode(uuid, value));
                    return true;
                });
            }
            return links;
        }
    }

    private static UUID current(ReadView view, String domain) throws RocksDBException {
        byte[] stored = view.get(Family.CURRENT, Keys.text(domain));
        return stored == null ? null : Keys.uuid(stored);
    }
}
