package io.snapledger.cli.snapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * snapshot-delete by libvirt's rules (LIBVIRT-SEMANTICS.md), seen through the CLI's own listings,
 * with every surviving snapshot's bytes checked on every disk after each deletion.
 */
class DeleteModesTest {
    @TempDir
    Path dir;

    private Vm vm;
    /** What each snapshot must hold on each device: "name/device" to a raw export taken when it was made. */
    private final Map<String, Path> held = new LinkedHashMap<>();
    private int pattern = 0x10;

    @Test
    void plainChildrenChildrenOnlyAndMetadataDeletesFollowLibvirt() {
        vm = Vm.qcow2(dir, "vda", "vdb").define();
        take("a");
        take("b");
        take("c");
        assertEquals("a\n  |\n  +- b\n      |\n      +- c\n        \n\n", vm.ok("snapshot-list", Vm.NAME, "--tree"));

        // plain delete of a middle snapshot: its child moves up to its parent, current stays
        assertEquals("Domain snapshot b deleted\n", vm.ok("snapshot-delete", Vm.NAME, "b"));
        forget("b");
        assertSurvivorsIntact(List.of("1:a", "3:c"));
        assertEquals("a\n", vm.ok("snapshot-parent", Vm.NAME, "c"));
        assertEquals("c\n", vm.ok("snapshot-current", Vm.NAME));

        // plain delete of the current snapshot: current moves to its parent
        vm.ok("snapshot-delete", Vm.NAME, "c");
        forget("c");
        assertSurvivorsIntact(List.of("1:a"));
        assertEquals("a\n", vm.ok("snapshot-current", Vm.NAME));

        // a -> d, and a branch a -> e -> f; current f
        take("d");
        vm.ok("snapshot-revert", Vm.NAME, "a");
        take("e");
        take("f");
        assertEquals("a\n  |\n  +- d\n  +- e\n      |\n      +- f\n        \n\n",
                vm.ok("snapshot-list", Vm.NAME, "--tree"));
        assertEquals("e\n  |\n  +- f\n    \n\n", vm.ok("snapshot-list", Vm.NAME, "--tree", "--from", "e"));
        assertEquals(List.of("e", "f"), Vm.names(vm.json("snapshot-list", Vm.NAME, "--tree", "--from", "e", "--json")));

        // --children with current outside the subtree: the subtree goes, current stays
        assertEquals("Domain snapshot d deleted\n", vm.ok("snapshot-delete", Vm.NAME, "d", "--children"));
        forget("d");
        assertSurvivorsIntact(List.of("1:a", "5:e", "6:f"));
        assertEquals("f\n", vm.ok("snapshot-current", Vm.NAME));

        // --children-only with current inside: the descendants go, the snapshot itself becomes current
        assertEquals("Domain snapshot e children deleted\n", vm.ok("snapshot-delete", Vm.NAME, "e", "--children-only"));
        forget("f");
        assertSurvivorsIntact(List.of("1:a", "5:e"));
        assertEquals("e\n", vm.ok("snapshot-current", Vm.NAME));
        // on a leaf it succeeds and changes nothing
        assertEquals("Domain snapshot e children deleted\n", vm.ok("snapshot-delete", Vm.NAME, "e", "--children-only"));
        assertSurvivorsIntact(List.of("1:a", "5:e"));

        // --children with current inside: current moves to the deleted snapshot's parent
        assertEquals("Domain snapshot e deleted\n", vm.ok("snapshot-delete", Vm.NAME, "e", "--children"));
        forget("e");
        assertSurvivorsIntact(List.of("1:a"));
        assertEquals("a\n", vm.ok("snapshot-current", Vm.NAME));

        // --metadata: the ledger forgets the root, the images keep their entry untouched
        assertEquals("Domain snapshot a deleted\n", vm.ok("snapshot-delete", Vm.NAME, "a", "--metadata"));
        assertSurvivorsIntact(List.of("1:a"));
        assertEquals("snapledger: domain vm has no current snapshot; take one with 'snapledger snapshot-create vm' "
                + "or revert to one with snapshot-revert", vm.cli("snapshot-current", Vm.NAME).singleErrorLine(1));
        assertEquals("[ ]\n", vm.ok("snapshot-list", Vm.NAME, "--json"));
        // numbers are never reused: the next one is 7, beside the entry the images still hold
        take("g");
        assertSurvivorsIntact(List.of("1:a", "7:g"));
    }

    /**
     * Deleting several snapshots at once drops every one of them from every disk. Each image then
     * has several entries to drop: the device work on one image must not race with itself.
     */
    @Test
    void deletingASubtreeDropsEveryEntryFromEveryDisk() {
        vm = Vm.qcow2(dir, "vda", "vdb").define();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            take(name);
        }
        assertEquals("Domain snapshot b children deleted\n", vm.ok("snapshot-delete", Vm.NAME, "b", "--children-only"));
        forget("c");
        forget("d");
        forget("e");
        assertSurvivorsIntact(List.of("1:a", "2:b"));
        assertEquals("b\n", vm.ok("snapshot-current", Vm.NAME));
        assertEquals("a\nb\n\n", vm.ok("snapshot-list", Vm.NAME, "--name"));

        take("f");
        take("g");
        assertEquals("Domain snapshot b deleted\n", vm.ok("snapshot-delete", Vm.NAME, "b", "--children"));
        forget("b");
        forget("f");
        forget("g");
        assertSurvivorsIntact(List.of("1:a"));
        assertEquals("a\n", vm.ok("snapshot-current", Vm.NAME));
    }

    @Test
    void deleteFlagsThatContradictEachOtherAreBadUsage() {
        Vm unused = Vm.qcow2(dir);
        assertEquals("snapledger: --children and --children-only are mutually exclusive",
                unused.cli("snapshot-delete", Vm.NAME, "a", "--children", "--children-only").singleErrorLine(2));
        assertEquals("snapledger: --metadata forgets one snapshot and cannot be combined with --children",
                unused.cli("snapshot-delete", Vm.NAME, "a", "--children", "--metadata").singleErrorLine(2));
        assertEquals("snapledger: --metadata forgets one snapshot and cannot be combined with --children-only",
                unused.cli("snapshot-delete", Vm.NAME, "a", "--metadata", "--children-only").singleErrorLine(2));
    }

    /** The guest writes something new on both disks, then the snapshot is taken and what it must hold kept. */
    private void take(String name) {
        pattern++;
        for (String device : List.of("vda", "vdb")) {
            Path image = vm.disk(device);
            vm.write(image, "write -P 0x%x %dk 64k".formatted(pattern, 64 * (pattern & 0xf)));
            held.put(name + "/" + device, vm.content(image));
        }
        vm.ok("snapshot-create", Vm.NAME, "--name", name);
        vm.assertImagesAgree();
    }

    private void forget(String name) {
        held.keySet().removeIf(key -> key.startsWith(name + "/"));
    }

    private void assertSurvivorsIntact(List<String> tables) {
        vm.assertImagesAgree();
        assertEquals(tables, Vm.table(vm.disk("vda")));
        held.forEach((key, content) -> {
            String[] parts = key.split("/");
            Vm.assertSameContent(content, vm.snapshotContent(vm.disk(parts[1]), parts[0]));
        });
    }
}
