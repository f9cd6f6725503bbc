package io.snapledger.cli.snapshots;

import io.snapledger.cli.Cli;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo}, the README's first command: works with no arguments and shows the tree, history and images. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoWithoutArgumentsShowsTheTreeHistoryAndImagesThenCleansUp() {
        Cli.Result result = Cli.run("demo").ok();
        String out = result.out();
        Matcher scratch = Pattern.compile("Scratch folder: (\\S+) ").matcher(out);
        assertTrue(scratch.find(), out);
        assertFalse(Files.exists(Path.of(scratch.group(1))), "the scratch folder was left behind");

        assertTrue(out.contains("$ snapledger snapshot-list demo --tree\nbase\n  |\n  +- branch\n    \n"), out);
        assertTrue(out.contains("Domain snapshot upgrade deleted\n"), out);
        assertTrue(Pattern.compile("SnapshotCompleted +branch").matcher(out).find(), out);
        assertTrue(Pattern.compile("RevertCompleted +base").matcher(out).find(), out);
        assertTrue(Pattern.compile("SnapshotDeleted +upgrade").matcher(out).find(), out);
        // both disks hold the same snapshot ids and names, as qemu-img would show them
        Matcher entries = Pattern.compile("\n(\\d+) +(base|branch|upgrade) ").matcher(out);
        StringBuilder ids = new StringBuilder();
        while (entries.find()) {
            ids.append(entries.group(1)).append(':').append(entries.group(2)).append(' ');
        }
        assertEquals("1:base 3:branch 1:base 3:branch ", ids.toString(), out);
        assertEquals("", result.err());
    }

    @Test
    void keptDemoIsCleanForQemuAndItsHomeKeepsWorking() {
        Path kept = dir.resolve("kept");
        Cli.run("demo", "--keep", kept).ok();
        Path vda = kept.resolve("vda.qcow2");
        Path vdb = kept.resolve("vdb.qcow2");
        for (Path disk : List.of(vda, vdb)) {
            Qemu.assertClean(disk);
            assertEquals(List.of("1:base", "3:branch"), Vm.table(disk));
        }
        // branch changed vdb only: on vda it holds what base holds
        Path base = Qemu.exportSnapshot(vda, "base", dir.resolve("base.raw"));
        Vm.assertSameContent(base, Qemu.exportSnapshot(vda, "branch", dir.resolve("branch.raw")));
        assertEquals("branch\n", Cli.run("--home", kept.resolve("home"), "snapshot-current", "demo").ok().out());

        assertEquals("snapledger: " + kept + " already holds a demo; give --keep an empty or new folder",
                Cli.run("demo", "--keep", kept).singleErrorLine(1));
    }
}
