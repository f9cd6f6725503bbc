package io.snapledger.cli.snapshots;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.query.DomainView;
import io.snapledger.query.SnapshotDevice;
import io.snapledger.query.SnapshotNode;
import io.snapledger.query.SnapshotQueries;
import io.snapledger.query.SnapshotState;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Finding a domain or a snapshot the way an operator names it, and the words virsh shows for a
 * snapshot, shared by the snapshot commands.
 */
final class Snapshots {
    /** virsh's creation time: local time with the zone's offset. */
    private static final DateTimeFormatter VIRSH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private Snapshots() {
    }

    static DomainView domain(SnapshotQueries queries, String domain) {
        return queries.domain(domain).orElseThrow(() -> noSuchDomain(domain));
    }

    static DomainRuleException noSuchDomain(String domain) {
        return new DomainRuleException("NO_SUCH_DOMAIN", "domain " + domain
                + " is not defined; define it with 'snapledger define " + domain + " --disk NAME=PATH'");
    }

    /** A snapshot by name, UUID or number; the domain is checked first so the message says which is missing. */
    static SnapshotNode snapshot(SnapshotQueries queries, String domain, String reference) {
        domain(queries, domain);
        return queries.resolve(domain, reference).orElseThrow(() -> new DomainRuleException("NO_SUCH_SNAPSHOT",
                "domain " + domain + " has no snapshot '" + reference + "' (by name, UUID or number); list them with "
                        + "'snapledger snapshot-list " + domain + "'"));
    }

    /**
     * libvirt's state of the domain the snapshot holds: with memory it was running; disk-only of a
     * running domain is {@code disk-snapshot}; an offline domain's snapshot is {@code shutoff}.
     */
    static String domainState(SnapshotNode node, boolean domainOnline) {
        return node.memoryMode() != MemoryMode.NO ? "running" : domainOnline ? "disk-snapshot" : "shutoff";
    }

    /** {@link #domainState}, and for a snapshot still being created or deleted, that too: virsh has no word for it. */
    static String state(SnapshotNode node, boolean domainOnline) {
        String state = domainState(node, domainOnline);
        return node.state() == SnapshotState.READY ? state : state + " (" + node.state().name().toLowerCase() + ")";
    }

    /** virsh's "Location": where the disks' data lives; snapledger may mix the two in one snapshot. */
    static String location(SnapshotNode node) {
        boolean internal = false;
        boolean external = false;
        for (SnapshotDevice device : node.devices()) {
            internal |= device.mode() == DiskSnapshotMode.INTERNAL;
            external |= device.mode() == DiskSnapshotMode.EXTERNAL;
        }
        if (internal && external) {
            return "mixed";
        }
        if (internal || external) {
            return internal ? "internal" : "external";
        }
        return node.memoryMode() == MemoryMode.EXTERNAL ? "external" : "internal";
    }

    static String virshTime(Instant time) {
        return VIRSH_TIME.format(time.atZone(ZoneId.systemDefault()));
    }
}
