package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Images changed behind snapledger's back with QEMU's own tools; reconcile says what and how to act. */
class ReconcileTest {
    @TempDir
    Path dir;

    /** Two disks with data and two internal snapshots, s1 then s2. */
    private Vm twoSnapshots() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.write(vm.disk("vda"), "write -P 0x22 1M 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        return vm;
    }

    /** One external snapshot e1 of vda: vda.qcow2 frozen, vda.e1.qcow2 takes the writes. */
    private Vm externalSnapshot() {
        Vm vm = Vm.qcow2(dir, "vda").define();
        vm.write(vm.disk("vda"), "write -P 0x11 0 1M");
        vm.ok("snapshot-create", Vm.NAME, "--name", "e1", "--disk-only", "--diskspec",
                "vda,snapshot=external,file=" + overlay());
        return vm;
    }

    private Path overlay() {
        return dir.resolve("vda.e1.qcow2");
    }

    private static List<String> kinds(JsonNode findings) {
        List<String> kinds = new ArrayList<>();
        findings.forEach(f -> kinds.add(f.get("device").asText() + " " + f.get("kind").asText() + " "
                + f.get("snapshot").asText()));
        return kinds;
    }

    private static JsonNode reconcile(Vm vm, int expectedExit, String... more) {
        List<Object> args = new ArrayList<>(List.of("reconcile", Vm.NAME, "--json"));
        args.addAll(List.of(more));
        Cli.Result r = vm.cli(args.toArray());
        assertEquals(expectedExit, r.exit(), r.out() + r.err());
        return Qemu.json(r.out());
    }

    @Test
    void imagesThatMatchTheHistoryShowNoDrift() {
        Vm vm = twoSnapshots();
        Cli.Result r = vm.cli("reconcile", Vm.NAME);
        assertEquals(0, r.exit(), r.err());
        assertEquals("The images hold what the history says: no drift.", r.out().trim());
    }

    @Test
    void aSnapshotDeletedWithQemuImgIsReportedAndNoImageIsWritten() {
        Vm vm = twoSnapshots();
        Qemu.img("snapshot", "-d", "s1", vm.disk("vda")).ok();
        String vda = Vm.fingerprint(vm.disk("vda"));
        String vdb = Vm.fingerprint(vm.disk("vdb"));

        JsonNode findings = reconcile(vm, 1);

        assertEquals(List.of("vda snapshot-missing s1"), kinds(findings));
        assertTrue(findings.get(0).get("action").asText().contains("snapshot-delete vm s1 --metadata"));
        assertEquals(vda, Vm.fingerprint(vm.disk("vda")));
        assertEquals(vdb, Vm.fingerprint(vm.disk("vdb")));
    }

    @Test
    void aSnapshotMadeWithQemuImgOnEveryDiskIsAdoptedAsOne() {
        Vm vm = twoSnapshots();
        Qemu.img("snapshot", "-c", "by-hand", vm.disk("vda")).ok();
        Qemu.img("snapshot", "-c", "by-hand", vm.disk("vdb")).ok();
        assertEquals(List.of("vda unknown-snapshot by-hand", "vdb unknown-snapshot by-hand"),
                kinds(reconcile(vm, 1)));

        JsonNode adopted = reconcile(vm, 0, "--adopt");

        assertTrue(adopted.get(0).get("recorded").asText().startsWith("adopted as snapshot 3"), adopted.toString());
        JsonNode info = vm.json("snapshot-info", Vm.NAME, "by-hand", "--json");
        String s2 = vm.json("snapshot-info", Vm.NAME, "s2", "--json").get("uuid").asText();
        assertEquals(s2, info.get("parent").asText(), info.toString());
        assertEquals(3, info.get("id").asInt());
        assertEquals(0, reconcile(vm, 0).size());
        assertEquals("No problems were found.", vm.ok("fsck", Vm.NAME).trim());
    }

    @Test
    void driftThatCannotBeExplainedIsRecordedOnce() {
        Vm vm = twoSnapshots();
        Qemu.img("snapshot", "-d", "s2", vm.disk("vdb")).ok();

        JsonNode first = reconcile(vm, 1, "--adopt");
        JsonNode second = reconcile(vm, 1, "--adopt");

        assertEquals("recorded as drift", first.get(0).get("recorded").asText());
        assertEquals("recorded before", second.get(0).get("recorded").asText());
        String history = vm.ok("history", Vm.NAME);
        assertEquals(1, history.lines().filter(l -> l.contains("DriftDetected")).count(), history);
    }

    @Test
    void aMovedOverlayIsReportedWhereItWasExpected() throws IOException {
        Vm vm = externalSnapshot();
        Files.move(overlay(), dir.resolve("elsewhere.qcow2"));

        JsonNode findings = reconcile(vm, 1);

        assertEquals(List.of("vda image-missing null"), kinds(findings));
        assertTrue(findings.get(0).get("detail").asText().contains(overlay().toString()), findings.toString());
    }

    @Test
    void aMovedFrozenImageIsReportedOnceForItsSnapshot() throws IOException {
        Vm vm = externalSnapshot();
        Files.move(vm.disk("vda"), dir.resolve("elsewhere.qcow2"));

        assertEquals(List.of("vda image-missing e1"), kinds(reconcile(vm, 1)));
    }

    @Test
    void anImageReplacedByAnotherFileIsReportedAsReplaced() throws IOException {
        Vm vm = twoSnapshots();
        Files.delete(vm.disk("vdb"));
        Qemu.create(vm.disk("vdb"), "32M");

        assertEquals(List.of("vdb image-replaced null"), kinds(reconcile(vm, 1)));
    }

    @Test
    void anOverlayCommittedIntoTheFrozenImageChangesTheSnapshotsContent() {
        Vm vm = externalSnapshot();
        vm.write(overlay(), "write -P 0x33 0 64k");
        Qemu.img("commit", "-q", overlay()).ok();

        JsonNode findings = reconcile(vm, 1);

        assertEquals(List.of("vda content-changed e1"), kinds(findings));
        assertTrue(findings.get(0).get("detail").asText().contains("changed since it was taken"), findings.toString());
    }
}
