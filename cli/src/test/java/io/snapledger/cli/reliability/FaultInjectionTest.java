package io.snapledger.cli.reliability;

import io.snapledger.core.health.Fsck;
import io.snapledger.core.LocalLedger;
import io.snapledger.core.OperationOutcome;
import io.snapledger.command.domain.Identities;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.image.testing.Qemu;
import io.snapledger.image.writer.FaultInjectingDeviceWriter;
import io.snapledger.image.writer.ImageDeviceWriter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection at every step of a device writer, on each device position: a failed prepare
 * leaves no device changed; a failed undo or finishing step is retried and the operation still
 * ends whole. vda is internal, vdb external, so both kinds of device work are exercised.
 */
class FaultInjectionTest {
    private static final String D = "d";

    @TempDir
    Path dir;

    static Stream<Arguments> takeFaults() {
        return Stream.of("vda", "vdb").flatMap(device -> Stream.of(
                Arguments.of(device + ":prepare:before", false),
                Arguments.of(device + ":prepare:after", false),
                Arguments.of(other(device) + ":prepare:before," + device + ":compensate:before", false),
                Arguments.of(other(device) + ":prepare:before," + device + ":compensate:after", false)));
    }

    private static String other(String device) {
        return device.equals("vda") ? "vdb" : "vda";
    }

    @ParameterizedTest(name = "take with {0}")
    @MethodSource("takeFaults")
    void aFaultyTakeLeavesEveryDeviceAsItWas(String faults, boolean completes) throws Exception {
        Path vda = disk("vda");
        Path vdb = disk("vdb");
        try (LocalLedger ledger = open(faults)) {
            define(ledger, vda, vdb);
            List<String> tableBefore = table(vda);
            arm();
            OperationOutcome outcome = take(ledger, "s",
                    DevicePlan.internal("vda"), DevicePlan.external("vdb", dir.resolve("vdb.s.qcow2").toString()));
            assertEquals(completes, outcome.succeeded(), outcome.why());
            assertEquals(tableBefore, table(vda), "vda's snapshot table changed");
            assertFalse(Files.exists(dir.resolve("vdb.s.qcow2")), "vdb's overlay was left behind");
            assertEquals(List.of(), Fsck.check(ledger.queries(), D));
        }
        Qemu.assertClean(vda);
        Qemu.assertClean(vdb);
    }

    static Stream<Arguments> revertFaults() {
        return Stream.of("vda", "vdb").flatMap(device -> Stream.of(
                Arguments.of(device + ":prepare:before", false),
                Arguments.of(device + ":prepare:after", false),
                Arguments.of(other(device) + ":prepare:before," + device + ":compensate:before", false),
                Arguments.of(device + ":commit:before", true),
                Arguments.of(device + ":commit:after", true)));
    }

    @ParameterizedTest(name = "revert with {0}")
    @MethodSource("revertFaults")
    void aFaultyRevertEndsWhole(String faults, boolean completes) throws Exception {
        Path vda = disk("vda");
        Path vdb = disk("vdb");
        Path atS1;
        Path later;
        try (LocalLedger ledger = open(faults)) {
            define(ledger, vda, vdb);
            ledgerTake(ledger, "s1");
            atS1 = Qemu.exportRaw(vda, dir.resolve("at-s1.raw"));
            Qemu.io(vda, "qcow2", "write -P 0x77 0 1M");
            ledgerTake(ledger, "s2");
            later = Qemu.exportRaw(vda, dir.resolve("later.raw"));
            arm();
            long mark = ledger.mark(D);
            UUID target = ledger.send(new RevertToSnapshot(D, "s1", meta()));
            OperationOutcome outcome = ledger.awaitRevert(D, target, mark);
            assertEquals(completes, outcome.succeeded(), outcome.why());
            assertTrue(Qemu.sameContent(completes ? atS1 : later, vda), "vda holds the wrong content");
            assertEquals(List.of("1:s1", "2:s2"), table(vda), "a safety point was left behind");
            assertEquals(List.of(), Fsck.check(ledger.queries(), D));
        }
        Qemu.assertClean(vda);
        Qemu.assertClean(vdb);
    }

    static Stream<Arguments> deleteFaults() {
        return Stream.of("vda", "vdb").flatMap(device -> Stream.of(
                Arguments.of(device + ":prepare:before", false),
                Arguments.of(device + ":commit:before", true),
                Arguments.of(device + ":commit:after", true)));
    }

    @ParameterizedTest(name = "delete with {0}")
    @MethodSource("deleteFaults")
    void aFaultyDeleteDropsOnEveryDeviceOrOnNone(String faults, boolean completes) throws Exception {
        Path vda = disk("vda");
        Path vdb = disk("vdb");
        try (LocalLedger ledger = open(faults)) {
            define(ledger, vda, vdb);
            ledgerTake(ledger, "s1");
            ledgerTake(ledger, "s2");
            arm();
            long mark = ledger.mark(D);
            UUID target = ledger.send(new DeleteSnapshot(D, "s1", DeleteMode.MERGE, meta()));
            OperationOutcome outcome = ledger.awaitDeletion(D, target, mark);
            assertEquals(completes, outcome.succeeded(), outcome.why());
            List<String> expected = completes ? List.of("2:s2") : List.of("1:s1", "2:s2");
            assertEquals(expected, table(vda));
            assertEquals(expected, table(vdb));
            assertEquals(List.of(), Fsck.check(ledger.queries(), D));
        }
        Qemu.assertClean(vda);
        Qemu.assertClean(vdb);
    }

    private FaultInjectingDeviceWriter writer;

    /** The faults are armed only for the operation under test, after the set-up: see {@link #arm}. */
    private LocalLedger open(String faults) {
        writer = new FaultInjectingDeviceWriter(new ImageDeviceWriter(), List.of());
        this.faults = faults;
        return LocalLedger.open(dir.resolve("home"), writer, Clock.systemUTC(), Identities.random());
    }

    private String faults;

    private void arm() {
        writer.arm(FaultInjectingDeviceWriter.parse(faults));
    }

    private Path disk(String name) {
        Path img = dir.resolve(name + ".qcow2");
        Qemu.create(img, "8M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M");
        return img;
    }

    private static void define(LocalLedger ledger, Path vda, Path vdb) {
        ledger.send(new DefineDomain(D, List.of(new DeviceSpec("vda", vda.toString(), ImageFormat.QCOW2),
                new DeviceSpec("vdb", vdb.toString(), ImageFormat.QCOW2)), false, meta()));
    }

    /** A take the faults are not aimed at: both disks internal, a fresh correlation each time. */
    private static void ledgerTake(LocalLedger ledger, String name) {
        OperationOutcome outcome = take(ledger, name);
        assertTrue(outcome.succeeded(), outcome.why());
    }

    private static OperationOutcome take(LocalLedger ledger, String name, DevicePlan... plans) {
        long mark = ledger.mark(D);
        boolean diskOnly = plans.length > 0;
        UUID uuid = ledger.send(new TakeSnapshot(D, name, null, null, List.of(plans), diskOnly, null, meta()));
        return ledger.awaitTake(D, uuid, mark);
    }

    private static List<String> table(Path image) {
        return Qemu.info(image).path("snapshots").findValues("id").stream()
                .map(id -> id.asText()).toList().isEmpty() ? List.of()
                : java.util.stream.StreamSupport.stream(Qemu.info(image).get("snapshots").spliterator(), false)
                .map(s -> s.get("id").asText() + ":" + s.get("name").asText()).toList();
    }

    private static CommandMetadata meta() {
        return new CommandMetadata("test", null, UUID.randomUUID());
    }
}
