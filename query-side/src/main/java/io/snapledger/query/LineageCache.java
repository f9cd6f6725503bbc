package io.snapledger.query;

import io.snapledger.events.model.Nullable;

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
 * Each domain's parent links in memory, so a lineage walks a hash map instead of making one
 * RocksDB read per ancestor: a point read through JNI costs about 1.5 to 3 µs on the target
 * machine, too slow for a 10,000-deep chain within 5 ms. The store stays the truth: a domain
 * is loaded from its nodes (one prefix scan) on its first lineage, then kept in step by
 * {@link #afterCommit} with the nodes each write batch changed; at most {@value #MAX_DOMAINS}
 * domains are held, the least recently used are dropped.
 *
 * <p>Why it stays right: a load happens under this cache's lock and reads the store's latest
 * state; a commit writes the store first and only then updates loaded domains under the same
 * lock, so a load either already sees the commit or is followed by its update. Updates are
 * absolute (a node's new link or its removal), so seeing a change twice is harmless.
 */
final class LineageCache {

    static final int MAX_DOMAINS = 64;

    private final Map<String, Map<UUID, Link>> domains = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<UUID, Link>> eldest) {
            return size() > MAX_DOMAINS;
        }
    };

    /**
     * The snapshot's ancestors, parent first, root last; empty for a root or an unknown snapshot.
     *
     * @param load reads the domain's nodes from the store when the domain is not held
     */
    synchronized List<SnapshotRef> ancestors(String domain, UUID snapshot, Loader load) throws RocksDBException {
        Map<UUID, Link> links = domains.get(domain);
        if (links == null) {
            links = new HashMap<>(load.load());
            domains.put(domain, links);
        }
        List<SnapshotRef> ancestors = new ArrayList<>();
        Link at = links.get(snapshot);
        while (at != null && at.parent() != null) {
            at = links.get(at.parent());
            if (at == null) {
                break;
            }
            if (ancestors.size() > links.size()) {
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

    /** Reads a domain's links from the store. */
    @FunctionalInterface
    interface Loader {
        Map<UUID, Link> load() throws RocksDBException;
    }

    /** What a lineage needs of a node. */
    record Link(SnapshotRef ref, @Nullable UUID parent) {

        static Link of(SnapshotNode node) {
            return new Link(node.ref(), node.parentUuid());
        }
    }
}
