package io.snapledger.app.domain;

import io.snapledger.app.ledger.Ledger;
import io.snapledger.events.command.ImportSnapshot;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rebuilds a domain's history from its images ({@code define … --import}): every internal entry
 * snapledger wrote carries its snapshot's UUID and parent UUID, so the tree comes back with the
 * same identities even when the home folder is lost. Entries with one UUID on several devices are
 * one snapshot; parents are imported before their children.
 */
final class ImagesImport {
    private ImagesImport() {
    }

    /** One snapshot found in the images: what the entries of all its devices say. */
    private record Found(UUID uuid, UUID parent, String id, String name, Instant created, boolean memory,
                         List<String> devices) {
    }

    /** @return how many snapshots were imported */
    static int run(Ledger ledger, String domain, List<DeviceSpec> devices) throws IOException {
        Map<UUID, Found> found = new LinkedHashMap<>();
        for (DeviceSpec device : devices) {
            if (device.format() != ImageFormat.QCOW2) {
                continue;
            }
            try (Qcow2Image image = Qcow2Image.open(Path.of(device.path()), false)) {
                for (SnapshotEntry e : image.snapshots()) {
                    if (e.uuid() == null) {
                        continue; // made outside snapledger: 'reconcile --adopt' decides about those
                    }
                    Found f = found.get(e.uuid());
                    List<String> on = f == null ? new ArrayList<>() : new ArrayList<>(f.devices());
                    on.add(device.name());
                    found.put(e.uuid(), new Found(e.uuid(), e.parentUuid(), e.id(), e.name(),
                            Instant.ofEpochSecond(e.dateSec(), e.dateNsec()), e.vmStateSize() > 0, on));
                }
            }
        }
        int imported = 0;
        for (Found f : parentsFirst(found)) {
            List<DevicePlan> plans = f.devices().stream().map(DevicePlan::internal).toList();
            Long id = f.id().matches("\\d{1,18}") ? Long.parseLong(f.id()) : null;
            UUID parent = f.parent() != null && found.containsKey(f.parent()) ? f.parent() : null;
            ledger.send(new ImportSnapshot(domain, f.uuid(), id, f.name(), null, parent, f.created(),
                    f.memory() ? MemoryPlan.internal() : MemoryPlan.none(), plans, ImportSource.QCOW2_EXTRA_DATA,
                    Operator.meta("rebuilt from the images")));
            imported++;
        }
        ledger.catchUp();
        return imported;
    }

    private static List<Found> parentsFirst(Map<UUID, Found> found) {
        List<Found> ordered = new ArrayList<>();
        java.util.Set<UUID> placed = new java.util.HashSet<>();
        boolean progress = true;
        while (ordered.size() < found.size() && progress) {
            progress = false;
            for (Found f : found.values()) {
                boolean parentReady = f.parent() == null || !found.containsKey(f.parent()) || placed.contains(f.parent());
                if (!placed.contains(f.uuid()) && parentReady) {
                    ordered.add(f);
                    placed.add(f.uuid());
                    progress = true;
                }
            }
        }
        return ordered;
    }
}
