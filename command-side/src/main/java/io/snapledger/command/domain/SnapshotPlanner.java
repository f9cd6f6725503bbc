package io.snapledger.command.domain;

import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a {@link TakeSnapshot} against a domain into the full plan the snapshot records, and
 * refuses every combination libvirt refuses (the memory × disk × online/offline table), each with
 * its own message. Pure: no I/O, no clock.
 */
final class SnapshotPlanner {

    record Plan(MemoryPlan memory, List<DevicePlan> devices, List<DeviceLocation> locations) {
    }

    private SnapshotPlanner() {
    }

    static Plan plan(Map<String, DeviceSpec> devices, boolean online, TakeSnapshot command, String snapshotName) {
        Map<String, DevicePlan> asked = new HashMap<>();
        for (DevicePlan p : command.devices()) {
            if (!devices.containsKey(p.device())) {
                throw refuse("UNKNOWN_DEVICE", "domain " + command.domain() + " has no device " + p.device()
                        + "; its devices are " + String.join(", ", devices.keySet()));
            }
            asked.put(p.device(), p);
        }
        MemoryPlan memory = resolveMemory(online, command);
        if (memory.mode() == MemoryMode.EXTERNAL && memory.file() == null && !devices.isEmpty()) {
            memory = MemoryPlan.external(memoryFileName(devices.values().iterator().next(), snapshotName));
        }
        boolean externalDisks = online && (command.diskOnly() || memory.mode() == MemoryMode.EXTERNAL);
        List<DevicePlan> plans = new ArrayList<>();
        List<DeviceLocation> locations = new ArrayList<>();
        for (DeviceSpec device : devices.values()) {
            DevicePlan plan = asked.getOrDefault(device.name(), defaultPlan(device, externalDisks));
            if (plan.mode() == DiskSnapshotMode.EXTERNAL && plan.file() == null) {
                plan = DevicePlan.external(device.name(), overlayName(device, snapshotName));
            }
            if (plan.mode() == DiskSnapshotMode.INTERNAL && device.format() == ImageFormat.RAW) {
                throw refuse("RAW_INTERNAL", "device " + device.name() + " (" + device.path()
                        + ") is a raw image and cannot hold an internal snapshot; use --diskspec "
                        + device.name() + ",snapshot=external or --diskspec " + device.name() + ",snapshot=no");
            }
            plans.add(plan);
            if (plan.mode() != DiskSnapshotMode.NO) {
                locations.add(new DeviceLocation(device.name(), plan.mode(), device.path(), device.format(),
                        plan.file()));
            }
        }
        checkValidity(online, command.diskOnly(), memory, plans);
        return new Plan(memory, plans, locations);
    }

    private static MemoryPlan resolveMemory(boolean online, TakeSnapshot command) {
        if (command.memory() != null) {
            return command.memory();
        }
        return online && !command.diskOnly() ? MemoryPlan.internal() : MemoryPlan.none();
    }

    /** libvirt's default for a running domain: every disk external when disk-only or when memory goes to a file. */
    private static DevicePlan defaultPlan(DeviceSpec device, boolean external) {
        return external ? new DevicePlan(device.name(), DiskSnapshotMode.EXTERNAL, null) : DevicePlan.internal(device.name());
    }

    /** The overlay next to the device's image: {@code <image base>.<snapshot name>.qcow2}. */
    static String overlayName(DeviceSpec device, String snapshotName) {
        Path image = Path.of(device.path());
        String base = image.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String file = stem + "." + snapshotName.replaceAll("[^A-Za-z0-9._-]", "_") + ".qcow2";
        Path folder = image.getParent();
        return folder == null ? file : folder.resolve(file).toString();
    }

    /** The memory state file next to the first device's image: {@code <image base>.<snapshot name>.vmstate}. */
    static String memoryFileName(DeviceSpec device, String snapshotName) {
        String overlay = overlayName(device, snapshotName);
        return overlay.substring(0, overlay.length() - ".qcow2".length()) + ".vmstate";
    }

    private static void checkValidity(boolean online, boolean diskOnly, MemoryPlan memory, List<DevicePlan> plans) {
        boolean anyDisk = plans.stream().anyMatch(p -> p.mode() != DiskSnapshotMode.NO);
        boolean anyExternal = plans.stream().anyMatch(p -> p.mode() == DiskSnapshotMode.EXTERNAL);
        if (!anyDisk && memory.mode() == MemoryMode.NO) {
            throw refuse("NOTHING_TO_SNAPSHOT", "nothing to snapshot: every device is excluded and no memory "
                    + "state is saved; include a device with --diskspec DEV,snapshot=internal|external");
        }
        if (diskOnly && memory.mode() != MemoryMode.NO) {
            throw refuse("DISK_ONLY_WITH_MEMORY", "--disk-only saves no memory state; drop --memspec or --disk-only");
        }
        if (!online && memory.mode() != MemoryMode.NO) {
            throw refuse("OFFLINE_WITH_MEMORY", "the domain is offline, so there is no memory state to save; "
                    + "use --memspec snapshot=no");
        }
        if (online && diskOnly) {
            for (DevicePlan p : plans) {
                if (p.mode() == DiskSnapshotMode.INTERNAL) {
                    throw refuse("ONLINE_DISK_ONLY_INTERNAL", "an online disk-only snapshot needs external disks; "
                            + "use --diskspec " + p.device() + ",snapshot=external");
                }
            }
        }
        if (memory.mode() == MemoryMode.INTERNAL) {
            for (DevicePlan p : plans) {
                if (p.mode() == DiskSnapshotMode.EXTERNAL) {
                    throw refuse("INTERNAL_MEMORY_EXTERNAL_DISK", "memory saved inside a disk image needs every "
                            + "included disk internal, but device " + p.device() + " is external; use "
                            + "--memspec snapshot=external or --diskspec " + p.device() + ",snapshot=internal");
                }
            }
        }
        if (!online && anyExternal && !diskOnly) {
            throw refuse("OFFLINE_EXTERNAL_NEEDS_DISK_ONLY", "an external snapshot of an offline domain holds "
                    + "disks only; add --disk-only");
        }
        if (online) {
            checkLiveSupported(memory, plans);
        }
    }

    /**
     * The online cells that are valid but not done yet through QEMU, each refused with its reason.
     * Supported: memory internal with every included disk internal (one snapshot-save job), no
     * memory with every included disk external (one transaction of blockdev-snapshot actions), and
     * memory external with every included disk external (the external system checkpoint: pause,
     * migrate the state to its file, one transaction, resume).
     */
    private static void checkLiveSupported(MemoryPlan memory, List<DevicePlan> plans) {
        boolean anyExternal = plans.stream().anyMatch(p -> p.mode() == DiskSnapshotMode.EXTERNAL);
        boolean anyInternal = plans.stream().anyMatch(p -> p.mode() == DiskSnapshotMode.INTERNAL);
        if (memory.mode() == MemoryMode.EXTERNAL && (anyInternal || !anyExternal)) {
            throw refuse("LIVE_UNSUPPORTED", "memory state saved to a file of its own (--memspec snapshot=external) "
                    + "goes with every included disk external for a running domain"
                    + (anyInternal ? "; use --diskspec DEV,snapshot=external for each disk (the default)"
                    : "; include a disk with --diskspec DEV,snapshot=external"));
        }
        if (memory.mode() == MemoryMode.NO && anyInternal) {
            throw refuse("LIVE_UNSUPPORTED", "internal disk snapshots without memory state ("
                    + (anyExternal ? "mixed with external disks" : "--memspec snapshot=no") + ") are not supported yet "
                    + "for a running domain; take them with memory (the default), or every disk external "
                    + "(--disk-only), or shut the domain off");
        }
    }

    static DomainRuleException refuse(String code, String message) {
        return new DomainRuleException(code, message);
    }
}
