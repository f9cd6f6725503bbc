package io.snapledger.core.imports;

import io.snapledger.core.Caller;
import io.snapledger.core.LocalLedger;
import io.snapledger.events.command.ImportSnapshot;
import io.snapledger.events.command.SetDeviceImage;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.Images;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.qcow2.SnapshotEntry;
import io.snapledger.image.writer.OverlayMarker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Rebuilds a domain's history from its images ({@code define … --import}). Every internal entry
 * snapledger wrote carries its snapshot's UUID and parent UUID, and every overlay an external
 * snapshot created carries the snapshot's UUID, parent, number and name in its mark, so the tree
 * comes back with the same identities even when the home folder is lost. Parts with one UUID on
 * several devices are one snapshot; parents are imported before their children.
 *
 * <p>Each snapshot is recorded where its devices stood when it was taken (the file holding an
 * internal entry, the frozen image under an external overlay): the device is moved there in the
 * history first ({@code SetDeviceImage}), and back to the image it was defined with at the end.
 */
public final class ImagesImport {
    private ImagesImport() {
    }

    /** One device's part of a snapshot found in the images. */
    private record Part(DevicePlan plan, Path standsOn) {
    }

    /** One snapshot found in the images: what the parts on all its devices say. */
    private record Found(UUID uuid, UUID parent, String id, String name, Instant created, boolean memory,
                         Map<String, Part> parts) {
    }

    /** @return how many snapshots were imported */
    public static int run(LocalLedger ledger, Caller caller, String domain, List<DeviceSpec> devices) throws IOException {
        Map<UUID, Found> found = new LinkedHashMap<>();
        for (DeviceSpec device : devices) {
            for (Path file : ImageFamily.of(Path.of(device.path()))) {
                collectInternal(found, device.name(), file);
                collectExternal(found, device.name(), file);
            }
        }
        Map<String, String> standing = new HashMap<>();
        devices.forEach(d -> standing.put(d.name(), d.path()));
        List<Found> ordered = parentsFirst(found);
        for (Found f : ordered) {
            f.parts().forEach((device, part) -> moveDevice(ledger, caller, domain, standing, device, part.standsOn()));
            Long id = f.id().matches("\\d{1,18}") ? Long.parseLong(f.id()) : null;
            UUID parent = f.parent() != null && found.containsKey(f.parent()) ? f.parent() : null;
            List<DevicePlan> plans = f.parts().values().stream().map(Part::plan).toList();
            ledger.send(new ImportSnapshot(domain, f.uuid(), id, f.name(), null, parent, f.created(),
                    f.memory() ? MemoryPlan.internal() : MemoryPlan.none(), plans, ImportSource.QCOW2_EXTRA_DATA,
                    caller.meta("rebuilt from the images")));
        }
        for (DeviceSpec device : devices) {
            moveDevice(ledger, caller, domain, standing, device.name(), Path.of(device.path()));
        }
        ledger.catchUp();
        return ordered.size();
    }

    private static void collectInternal(Map<UUID, Found> found, String device, Path file) throws IOException {
        if (Images.probe(file) != io.snapledger.image.ImageFormat.QCOW2) {
            return;
        }
        try (Qcow2Image image = Qcow2Image.open(file, false)) {
            for (SnapshotEntry e : image.snapshots()) {
                if (e.uuid() != null) { // entries made outside snapledger: 'reconcile --adopt' decides about those
                    add(found, new Found(e.uuid(), e.parentUuid(), e.id(), e.name(),
                            Instant.ofEpochSecond(e.dateSec(), e.dateNsec()), e.vmStateSize() > 0, Map.of()),
                            device, new Part(DevicePlan.internal(device), file));
                }
            }
        }
    }

    /** An overlay an external snapshot created: the snapshot is the frozen image under it. */
    private static void collectExternal(Map<UUID, Found> found, String device, Path file) throws IOException {
        OverlayMarker marker = OverlayMarker.read(file);
        Path frozen = marker == null || marker.taken() == null ? null : ImageFamily.backingOf(file);
        if (frozen != null) {
            OverlayMarker.Taken taken = marker.taken();
            add(found, new Found(marker.snapshotUuid(), taken.parentUuid(), taken.id(), taken.name(), taken.date(),
                    false, Map.of()), device, new Part(DevicePlan.external(device, file.toString()), frozen));
        }
    }

    /** Adds one device's part; the first device that shows a snapshot gives its identity. */
    private static void add(Map<UUID, Found> found, Found seen, String device, Part part) {
        Found known = found.getOrDefault(seen.uuid(), seen);
        if (known.parts().containsKey(device)) {
            return; // the same entry again further down a chain (a copied image): the upper one stands
        }
        Map<String, Part> parts = new LinkedHashMap<>(known.parts());
        parts.put(device, part);
        found.put(seen.uuid(), new Found(known.uuid(), known.parent() != null ? known.parent() : seen.parent(),
                known.id(), known.name(), known.created(), known.memory() || seen.memory(), parts));
    }

    private static void moveDevice(LocalLedger ledger, Caller caller, String domain, Map<String, String> standing, String device,
                                   Path to) {
        String path = to.toAbsolutePath().normalize().toString();
        if (!path.equals(standing.get(device))) {
            ImageFormat format;
            try {
                format = ImageFormat.valueOf(Images.probe(to).name());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ledger.send(new SetDeviceImage(domain, device, path, format, caller.meta("rebuilding the history "
                    + "from the backing chain")));
            standing.put(device, path);
        }
    }

    private static List<Found> parentsFirst(Map<UUID, Found> found) {
        List<Found> ordered = new ArrayList<>();
        Set<UUID> placed = new HashSet<>();
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
