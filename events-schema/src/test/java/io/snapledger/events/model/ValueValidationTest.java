package io.snapledger.events.model;

import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EventSamples;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.MemoryStateSaved;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Records refuse bad values at construction, with a message that names the field. */
class ValueValidationTest {

    private static void refused(String message, Executable construction) {
        Exception e = assertThrows(RuntimeException.class, construction);
        assertEquals(message, e.getMessage());
    }

    @Test
    void requiredTextMustBePresentAndNotBlank() {
        refused("device name must not be null", () -> new DeviceSpec(null, "/a.qcow2", ImageFormat.QCOW2));
        refused("path of device vda must not be blank", () -> new DeviceSpec("vda", " ", ImageFormat.QCOW2));
    }

    @Test
    void optionalTextMayBeAbsentButNotBlank() {
        refused("overlay file of device vdb must not be blank",
                () -> new DevicePlan("vdb", DiskSnapshotMode.EXTERNAL, ""));
    }

    @Test
    void onlyExternalPlansNameAFile() {
        refused("device vda has snapshot mode INTERNAL but names an overlay file; only an external snapshot has one",
                () -> new DevicePlan("vda", DiskSnapshotMode.INTERNAL, "/x.qcow2"));
        refused("memory mode NO names a file; only external memory state has one",
                () -> new MemoryPlan(MemoryMode.NO, "/mem"));
    }

    @Test
    void eventsRecordResolvedPlans() {
        refused("external snapshot of device vdb has no overlay file",
                () -> new SnapshotStarted("web01", EventSamples.SNAPSHOT, 1, "s", null, null, MemoryPlan.none(),
                        List.of(new DevicePlan("vdb", DiskSnapshotMode.EXTERNAL, null)), List.of(), false,
                        EventSamples.meta()));
        refused("external memory state has no file",
                () -> new SnapshotStarted("web01", EventSamples.SNAPSHOT, 1, "s", null, null,
                        new MemoryPlan(MemoryMode.EXTERNAL, null), List.of(DevicePlan.internal("vda")), List.of(), true,
                        EventSamples.meta()));
    }

    @Test
    void snapshotNumbersArePositive() {
        refused("id must be positive, was 0",
                () -> new SnapshotStarted("web01", EventSamples.SNAPSHOT, 0, "s", null, null, MemoryPlan.none(),
                        List.of(DevicePlan.internal("vda")), List.of(), false, EventSamples.meta()));
    }

    @Test
    void aDeviceAppearsOnceInAList() {
        refused("devices names vda twice",
                () -> new DomainDefined("web01", List.of(new DeviceSpec("vda", "/a", ImageFormat.RAW),
                        new DeviceSpec("vda", "/b", ImageFormat.RAW)), false, EventSamples.meta()));
    }

    @Test
    void listsAreCopiedSoRecordsStayImmutable() {
        List<DevicePlan> plans = new ArrayList<>(List.of(DevicePlan.internal("vda")));
        SnapshotStarted started = new SnapshotStarted("web01", EventSamples.SNAPSHOT, 1, "s", null, null,
                MemoryPlan.none(), plans, List.of(), false, EventSamples.meta());
        plans.add(DevicePlan.internal("vdb"));
        assertEquals(1, started.devices().size());
        assertThrows(UnsupportedOperationException.class, () -> started.devices().add(DevicePlan.internal("vdc")));
    }

    @Test
    void nothingPreparedForAnExcludedDevice() {
        refused("device vda is not in the snapshot; nothing was prepared",
                () -> new DeviceSnapshotPrepared("web01", EventSamples.SNAPSHOT, "vda", DiskSnapshotMode.NO, null, null,
                        EventSamples.meta()));
    }

    @Test
    void memoryStateLivesInADeviceOrAFileByMode() {
        refused("internal memory state is kept by a device, not a file",
                () -> new MemoryStateSaved("web01", EventSamples.SNAPSHOT, MemoryMode.INTERNAL, null, "/mem", 1,
                        EventSamples.meta()));
        refused("external memory state is kept in a file, not by a device",
                () -> new MemoryStateSaved("web01", EventSamples.SNAPSHOT, MemoryMode.EXTERNAL, "vda", null, 1,
                        EventSamples.meta()));
    }

    @Test
    void aSnapshotIsNotItsOwnParent() {
        refused("snapshot " + EventSamples.CHILD + " cannot be its own parent",
                () -> new ChildReparented("web01", EventSamples.CHILD, EventSamples.SNAPSHOT, EventSamples.CHILD,
                        EventSamples.meta()));
    }
}
