package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static org.hamcrest.Matchers.containsString;

/** Every refused cell of libvirt's memory × disk × online/offline table, each with its own message. */
class ValidityTableTest extends DomainFixture {
    private static final DevicePlan VDA_EXTERNAL = new DevicePlan("vda", DiskSnapshotMode.EXTERNAL, null);
    private static final DevicePlan VDB_EXTERNAL = new DevicePlan("vdb", DiskSnapshotMode.EXTERNAL, null);

    static Stream<Arguments> refusedCells() {
        return Stream.of(
                Arguments.of("nothing selected", false,
                        take(MemoryPlan.none(), false, DevicePlan.excluded("vda"), DevicePlan.excluded("vdb")),
                        "nothing to snapshot"),
                Arguments.of("disk-only with memory", true, take(MemoryPlan.internal(), true), "--disk-only saves no memory"),
                Arguments.of("offline with internal memory", false, take(MemoryPlan.internal(), false),
                        "domain is offline"),
                Arguments.of("offline with external memory", false, take(MemoryPlan.external("/m.mem"), false),
                        "domain is offline"),
                Arguments.of("online disk-only internal", true, take(null, true, DevicePlan.internal("vda"),
                        VDB_EXTERNAL), "online disk-only snapshot needs external disks"),
                Arguments.of("internal memory with an external disk", true,
                        take(MemoryPlan.internal(), false, VDA_EXTERNAL), "needs every included disk internal"),
                Arguments.of("offline external without disk-only", false, take(null, false, VDA_EXTERNAL),
                        "add --disk-only"),
                Arguments.of("online internal and external disks without memory (not live yet)", true,
                        take(MemoryPlan.none(), false, VDA_EXTERNAL), "mixed with external disks"),
                Arguments.of("online internal disks without memory (not live yet)", true, take(MemoryPlan.none(), false),
                        "internal disk snapshots without memory state (--memspec snapshot=no) are not supported yet"),
                Arguments.of("online external memory with an internal disk (not live yet)", true,
                        take(MemoryPlan.external("/m.mem"), false, VDA_EXTERNAL, DevicePlan.internal("vdb")),
                        "goes with every included disk external"),
                Arguments.of("online external memory without a disk", true,
                        take(MemoryPlan.external("/m.mem"), false, DevicePlan.excluded("vda"), DevicePlan.excluded("vdb")),
                        "include a disk with --diskspec DEV,snapshot=external"));
    }

    private static TakeSnapshot take(MemoryPlan memory, boolean diskOnly, DevicePlan... plans) {
        return new TakeSnapshot(DOMAIN, "s", null, memory, List.of(plans), diskOnly, null, BY_OPERATOR);
    }

    private static DomainDefined domain(boolean online) {
        return new DomainDefined(DOMAIN, List.of(new DeviceSpec("vda", Given.VDA, ImageFormat.QCOW2),
                new DeviceSpec("vdb", Given.VDB, ImageFormat.QCOW2)), online, Given.meta());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCells")
    void refusedCell(String cell, boolean online, TakeSnapshot command, String message) {
        fixture.given(domain(online)).when(command).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString(message)).expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedOfflineCells")
    void acceptedOfflineCell(String cell, TakeSnapshot command) {
        fixture.given(domain(false)).when(command).expectSuccessfulHandlerExecution();
    }

    static Stream<Arguments> acceptedOfflineCells() {
        return Stream.of(
                Arguments.of("all internal", take(null, false)),
                Arguments.of("internal, disk-only", take(null, true)),
                Arguments.of("all external, disk-only", take(null, true, VDA_EXTERNAL, VDB_EXTERNAL)),
                Arguments.of("mixed internal and external, disk-only", take(MemoryPlan.none(), true, VDA_EXTERNAL)),
                Arguments.of("one disk left out", take(null, false, DevicePlan.excluded("vdb"))));
    }
}
