package io.snapledger.query;

import org.rocksdb.RocksDBException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Lineages, read from the {@code links} family and, for deep trees, from memory. A point read
 * through JNI costs about 1.5 to 3 µs on the target machine, so a walk of one read per ancestor
 * is fine for a few hundred levels but takes 15 to 30 ms for a chain 10,000 deep. A walk that is
 * still going after {@value #WALK_BEFORE_LOADING} reads therefore loads all of the domain's links
 * with one prefix scan (no JSON: a few milliseconds for 10,000 snapshots) and keeps them, so every
 * later lineage of that domain walks a hash map. The store stays the truth: loaded domains are
 * kept in step by {@link #afterCommit} with the nodes each write batch changed, and at most
 * {@value #MAX_DOMAINS} domains are held, the least recently used dropped.
 *
 * <p>Why it stays right: a load happens under this cache's lock and reads the store as it is
 * then; a commit writes the store first and only then updates loaded domains under the same
 * lock, so a load either already sees the commit or is followed by its update. Updates are
 * absolute (a node's new link or its removal), so seeing a change twice is harmless.
 */
final class LineageCache {

    static final int MAX_DOMAINS = 64;
    static final int WALK_BEFORE_LOADING = 64;

    private final int walkBeforeLoading;

    private final Map<String, Map<UUID, Link>> domains = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<UUID, Link>> eldest) {
            return size() > MAX_DOMAINS;
        }
    };

    LineageCache() {
        this(WALK_BEFORE_LOADING);
    }

    /** @param walkBeforeLoading how many links a walk reads one by one before it loads the domain's */
    LineageCache(int walkBeforeLoading) {
        this.walkBeforeLoading = walkBeforeLoading;
    }

    /** The snapshot's ancestors, parent first, root last; empty for a root or an unknown snapshot. */
    synchronized List<SnapshotRef> ancestors(String domain, UUID snapshot, LinkSource store) throws RocksDBException {
        Map<UUID, Link> loaded = domains.get(domain);
        if (loaded != null) {
            return walk(domain, snapshot, loaded::get, Integer.MAX_VALUE, loaded.size());
        }
        List<SnapshotRef> shallow = walk(domain, snapshot, store::link, walkBeforeLoading, Integer.MAX_VALUE);
        if (shallow != null) {
            return shallow;
        }
        loaded = new HashMap<>(store.all());
        domains.put(domain, loaded);
        return walk(domain, snapshot, loaded::get, Integer.MAX_VALUE, loaded.size());
    }

    /** The walk up from the snapshot, or null if it took more than {@code maxReads} reads. */
    private static List<SnapshotRef> walk(String domain, UUID snapshot, LinkLookup links, int maxReads, int nodes)
            throws RocksDBException {
        List<SnapshotRef> ancestors = new ArrayList<>();
        Link at = links.find(snapshot);
        int reads = 1;
        while (at != null && at.parent() != null) {
            if (reads++ >= maxReads) {
                return null;
            }
            at = links.find(at.parent());
            if (at == null) {
                break;
            }
            if (ancestors.size() >= nodes) {
                throw new IllegalStateException("the parent links of domain " + domain + " hold a cycle through "
                        + at.ref().uuid());
            }
            ancestors.add(at.ref());
        }
        return ancestors;
    }

    /** Brings loaded domains in step with a committed batch. */
    synchronized void afterCommit(Set<String> clearedDomains,
                                  Map<ProjectionWrite.NodeKey, Optional<SnapshotNode>> changedNodes) {
        clearedDomains.forEach(domains::remove);
        changedNodes.forEach((key, node) -> {
            Map<UUID, Link> links = domains.get(key.domain());
            if (links != null) {
                if (node.isPresent()) {
                    links.put(key.uuid(), Link.of(node.get()));
                } else {
                    links.remove(key.uuid());
                }
            }
        });
    }

    synchronized void clear() {
        domains.clear();
    }

    /** Where a domain's links are read from when they are not held. */
    interface LinkSource {

        /** One node's link, or null. */
        Link link(UUID uuid) throws RocksDBException;

        /** Every link of the domain, as the store holds them now. */
        Map<UUID, Link> all() throws RocksDBException;
    }

    @FunctionalInterface
    private interface LinkLookup {
        Link find(UUID uuid) throws RocksDBException;
    }
}
