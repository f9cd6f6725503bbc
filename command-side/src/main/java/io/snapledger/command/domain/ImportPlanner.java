package io.snapledger.command.domain;

import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the plans of a snapshot that already exists on the disks (imported or redefined) and
 * where its parts live. Unlike {@link SnapshotPlanner} it invents nothing: the data is there
 * already, so an external part must name its overlay and external memory its file. Pure.
 */
final class ImportPlanner {

    private ImportPlanner() {
    }

    /** One plan per device of the domain, in the domain's order; a device not asked about is not in it. */
    static List<DevicePlan> devices(Map<String, DeviceSpec> devices, String domain, List<DevicePlan> asked) {
        Map<String, DevicePlan> byDevice = new HashMap<>();
        for (DevicePlan plan : asked) {
            requireKnown(devices, domain, plan.device());
            requirePlaceable(devices.get(plan.device()), plan);
            byDevice.put(plan.device(), plan);
        }
        List<DevicePlan> plans = new ArrayList<>();
        for (String device : devices.keySet()) {
            plans.add(byDevice.getOrDefault(device, DevicePlan.excluded(device)));
        }
        return plans;
    }

    static MemoryPlan memory(MemoryPlan asked) {
        if (asked.mode() == MemoryMode.EXTERNAL && asked.file() == null) {
            throw refuse("MEMORY_FILE_REQUIRED", "an existing snapshot's external memory state is in a file "
                    + "already; name it with --memspec snapshot=external,file=FILE");
        }
        return asked;
    }

    /** The plans a node's locations stand for, one per device of the domain, in the domain's order. */
    static List<DevicePlan> plansOf(SnapshotNode node, Iterable<String> devices) {
        List<DevicePlan> plans = new ArrayList<>();
        for (String device : devices) {
            DeviceLocation at = node.locations.get(device);
            plans.add(at == null ? DevicePlan.excluded(device) : planOf(at));
        }
        return plans;
    }

    /**
     * Where each included device's part lives: inside the device's active image (internal), or
     * with the named overlay on top of it (external). A device whose plan is unchanged keeps the
     * place it had, since its active image may have moved on since.
     */
    static Map<String, DeviceLocation> locations(List<DevicePlan> plans, Map<String, DeviceSpec> devices,
                                                 Map<String, DeviceLocation> kept) {
        Map<String, DeviceLocation> locations = new LinkedHashMap<>();
        for (DevicePlan plan : plans) {
            DeviceLocation before = kept.get(plan.device());
            if (before != null && planOf(before).equals(plan)) {
                locations.put(plan.device(), before);
            } else if (plan.mode() != DiskSnapshotMode.NO) {
                locations.put(plan.device(), locate(devices.get(plan.device()), plan));
            }
        }
        return locations;
    }

    private static DeviceLocation locate(DeviceSpec device, DevicePlan plan) {
        return plan.mode() == DiskSnapshotMode.INTERNAL
                ? DeviceLocation.internal(device.name(), device.path())
                : DeviceLocation.external(device.name(), device.path(), device.format(), plan.file());
    }

    private static DevicePlan planOf(DeviceLocation at) {
        return at.mode() == DiskSnapshotMode.INTERNAL
                ? DevicePlan.internal(at.device())
                : DevicePlan.external(at.device(), at.overlay());
    }

    private static void requireKnown(Map<String, DeviceSpec> devices, String domain, String device) {
        if (!devices.containsKey(device)) {
            throw refuse("UNKNOWN_DEVICE", "domain " + domain + " has no device " + device
                    + "; its devices are " + String.join(", ", devices.keySet()));
        }
    }

    private static void requirePlaceable(DeviceSpec device, DevicePlan plan) {
        if (plan.mode() == DiskSnapshotMode.INTERNAL && device.format() == ImageFormat.RAW) {
            throw refuse("RAW_INTERNAL", "device " + device.name() + " (" + device.path()
                    + ") is a raw image and cannot hold an internal snapshot; describe its part as "
                    + "external with its overlay file, or leave it out");
        }
        if (plan.mode() == DiskSnapshotMode.EXTERNAL && plan.file() == null) {
            throw refuse("OVERLAY_REQUIRED", "device " + device.name() + "'s part of an existing external "
                    + "snapshot is an overlay file already; name it with --diskspec " + device.name()
                    + ",snapshot=external,file=FILE");
        }
    }

    private static DomainRuleException refuse(String code, String message) {
        return new DomainRuleException(code, message);
    }
}
