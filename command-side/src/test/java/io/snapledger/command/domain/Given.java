package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Fixed facts and identities for given/when/then tests of the Domain aggregate. */
final class Given {
    static final String DOMAIN = "web01";
    static final String VDA = "/images/web01-vda.qcow2";
    static final String VDB = "/images/web01-vdb.qcow2";
    static final String RAW = "/images/web01-vdc.raw";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant TAKEN_EARLIER = Instant.parse("2025-03-01T08:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final CommandMetadata BY_OPERATOR = new CommandMetadata("alice", "test", new UUID(7, 7));

    private Given() {
    }

    /** UUIDs 1, 2, 3… in the order they are asked for. */
    static Identities counting() {
        AtomicLong next = new AtomicLong();
        return () -> new UUID(0, next.incrementAndGet());
    }

    static EventMetadata meta() {
        return new EventMetadata(new UUID(9, 9), NOW, "alice", null, new UUID(7, 7));
    }

    static UUID snap(int n) {
        return new UUID(1, n);
    }

    static DomainDefined twoQcow2Disks() {
        return new DomainDefined(DOMAIN, List.of(new DeviceSpec("vda", VDA, ImageFormat.QCOW2),
                new DeviceSpec("vdb", VDB, ImageFormat.QCOW2)), false, meta());
    }

    static DomainDefined withRawDisk() {
        return new DomainDefined(DOMAIN, List.of(new DeviceSpec("vda", VDA, ImageFormat.QCOW2),
                new DeviceSpec("vdc", RAW, ImageFormat.RAW)), false, meta());
    }

    /** A completed internal snapshot on both disks of {@link #twoQcow2Disks()}. */
    static List<Object> internalSnapshot(int n, String name, UUID parent) {
        List<Object> events = new ArrayList<>();
        events.add(new SnapshotStarted(DOMAIN, snap(n), n, name, null, parent, MemoryPlan.none(),
                List.of(DevicePlan.internal("vda"), DevicePlan.internal("vdb")),
                List.of(DeviceLocation.internal("vda", VDA), DeviceLocation.internal("vdb", VDB)), false, meta()));
        events.add(new SnapshotCompleted(DOMAIN, snap(n), meta()));
        return events;
    }

    /** A completed snapshot internal on vda and external on vdb, which moves to {@code overlay}. */
    static List<Object> internalOnVdaExternalOnVdb(int n, String name, UUID parent, String overlay) {
        List<Object> events = new ArrayList<>();
        events.add(new SnapshotStarted(DOMAIN, snap(n), n, name, null, parent, MemoryPlan.none(),
                List.of(DevicePlan.internal("vda"), DevicePlan.external("vdb", overlay)),
                List.of(DeviceLocation.internal("vda", VDA),
                        DeviceLocation.external("vdb", VDB, ImageFormat.QCOW2, overlay)), false, meta()));
        events.add(new DomainLifecycleEvent.DeviceImageChanged(DOMAIN, "vdb", VDB, overlay, ImageFormat.QCOW2, meta()));
        events.add(new SnapshotCompleted(DOMAIN, snap(n), meta()));
        return events;
    }

    /** A snapshot rebuilt from image metadata, taken at {@link #TAKEN_EARLIER}, on the devices planned. */
    static SnapshotImported imported(int n, String name, UUID parent, DevicePlan... plans) {
        return new SnapshotImported(DOMAIN, snap(n), n, name, null, parent, TAKEN_EARLIER, MemoryPlan.none(),
                List.of(plans), ImportSource.QCOW2_EXTRA_DATA, meta());
    }

    @SafeVarargs
    static List<Object> concat(List<Object>... parts) {
        List<Object> all = new ArrayList<>();
        for (List<Object> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
