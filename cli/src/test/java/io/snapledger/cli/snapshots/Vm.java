package io.snapledger.cli.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.cli.Cli;
import io.snapledger.image.testing.ImageFiles;
import io.snapledger.image.testing.Qemu;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A domain for end-to-end tests: a snapledger home and disk images made by qemu-img in a scratch
 * folder, the CLI run in-process against that home, and QEMU's tools as the judge of the images.
 */
final class Vm {
    static final String NAME = "vm";
    private final Path dir;
    private final Path home;
    private final Map<String, Path> disks = new LinkedHashMap<>();
    private int exports;
    private Clock clock = Clock.systemUTC();

    private Vm(Path dir) {
        this.dir = dir;
        this.home = dir.resolve("home");
    }

    /** qcow2 disks named after their devices, e.g. {@code vda.qcow2}. */
    static Vm qcow2(Path dir, String... devices) {
        Vm vm = new Vm(dir);
        for (String device : devices) {
            vm.disks.put(device, dir.resolve(device + ".qcow2"));
            Qemu.create(vm.disks.get(device), "16M");
        }
        return vm;
    }

    /** Adds a raw disk, e.g. {@code vdb.raw}. */
    Vm raw(String device) {
        disks.put(device, dir.resolve(device + ".raw"));
        Qemu.img("create", "-q", "-f", "raw", disks.get(device), "16M").ok();
        return this;
    }

    Vm define() {
        List<Object> args = new ArrayList<>(List.of("define", NAME));
        disks.forEach((device, path) -> {
            args.add("--disk");
            args.add(device + "=" + path);
        });
        cli(args.toArray()).ok();
        return this;
    }

    /** Every command from now on stamps its events with this clock's time. */
    Vm clock(Clock eventClock) {
        this.clock = eventClock;
        return this;
    }

    Path dir() {
        return dir;
    }

    Path home() {
        return home;
    }

    /** The image a device was defined with. */
    Path disk(String device) {
        return disks.get(device);
    }

    Cli.Result cli(Object... args) {
        Object[] withHome = new Object[args.length + 2];
        withHome[0] = "--home";
        withHome[1] = home;
        System.arraycopy(args, 0, withHome, 2, args.length);
        return Cli.runAt(clock, withHome);
    }

    String ok(Object... args) {
        return cli(args).ok().out();
    }

    JsonNode json(Object... args) {
        return Qemu.json(ok(args));
    }

    /** A guest write through qemu-io, e.g. {@code write(vda, "write -P 0x11 0 1M")}. */
    void write(Path image, String command) {
        Qemu.io(image, "qcow2", command);
    }

    /** What the guest sees on this image now, as a raw file. */
    Path content(Path image) {
        return Qemu.exportRaw(image, dir.resolve("export-" + (++exports) + ".raw"));
    }

    /** What the internal snapshot named {@code name} holds, as a raw file. */
    Path snapshotContent(Path image, String name) {
        return Qemu.exportSnapshot(image, name, dir.resolve("export-" + (++exports) + ".raw"));
    }

    /** The {@code name} of each object of a JSON array, in order. */
    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get("name").asText()));
        return names;
    }

    /** The image a device writes to now, as the ledger says. */
    String activeImage(String device) {
        for (JsonNode d : json("domains", "--json").get(0).get("devices")) {
            if (d.get("device").asText().equals(device)) {
                return d.get("file").asText();
            }
        }
        throw new AssertionError("no device " + device);
    }

    /** The {@code id:name} of each entry in the image's qcow2 snapshot table, as qemu-img reads it. */
    static List<String> table(Path image) {
        List<String> entries = new ArrayList<>();
        JsonNode snapshots = Qemu.info(image).get("snapshots");
        if (snapshots != null) {
            snapshots.forEach(s -> entries.add(s.get("id").asText() + ":" + s.get("name").asText()));
        }
        return entries;
    }

    /**
     * After every command: qemu-img check finds each image clean, and every device's image holds
     * the same snapshot ids and names.
     */
    void assertImagesAgree() {
        List<String> first = null;
        for (Path image : disks.values()) {
            Qemu.assertClean(image);
            List<String> entries = table(image);
            if (first == null) {
                first = entries;
            }
            assertEquals(first, entries, "snapshot tables of " + disks);
        }
    }

    static void assertSameContent(Path expected, Path actual) {
        assertTrue(Qemu.sameContent(expected, actual), actual + " does not hold what " + expected + " holds");
    }

    static String fingerprint(Path file) {
        return ImageFiles.sha256(file);
    }

    /** The cells of a virsh table: header, then rows; the dashes and the empty last line dropped. */
    static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        String[] lines = table.split("\n");
        assertTrue(lines[1].matches("-+"), table);
        assertTrue(table.endsWith("\n\n"), table);
        for (int i = 0; i < lines.length; i++) {
            if (i != 1 && !lines[i].isEmpty()) {
                String[] cells = lines[i].substring(1).split(" {3,}", -1);
                rows.add(cells);
            }
        }
        return rows;
    }

    static List<String> column(List<String[]> rows, int index) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            cells.add(index < rows.get(i).length ? rows.get(i)[index] : "");
        }
        return cells;
    }
}
