package io.snapledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code image commit} and {@code image rebase}: guest bytes never change, qemu-img finds every image clean. */
class ImageMergeCommandsTest {
    @TempDir
    Path dir;

    private Path base;
    private Path top;

    /** base: 0x01 over [0, 2M); top on it: 0x02 over [1M, 3M) and zeros over [4M, 4M+64k). */
    private Path chain() {
        base = dir.resolve("base.qcow2");
        Qemu.create(base, "8M");
        Qemu.io(base, "qcow2", "write -P 0x01 0 2M", "write -P 0x01 4M 64k");
        top = dir.resolve("top.qcow2");
        Qemu.create(top, "8M", "-b", "base.qcow2", "-F", "qcow2");
        Qemu.io(top, "qcow2", "write -P 0x02 1M 2M", "write -z 4M 64k");
        return Qemu.exportRaw(top, dir.resolve("guest.raw"));
    }

    @Test
    void commitWritesTheTopIntoItsBackingAndEmptiesIt() {
        Path guest = chain();
        assertEquals("Image committed.\n", Cli.run("image", "commit", top).ok().out());

        Qemu.assertClean(base);
        Qemu.assertClean(top);
        assertTrue(Qemu.sameContent(guest, base), "the base now holds what the guest saw");
        assertTrue(Qemu.sameContent(guest, top), "the top still reads the same");
        assertFalse(holdsDataItself(top), "the top was emptied, as qemu-img commit does");
    }

    @Test
    void commitWithMinusDKeepsTheTopsData() {
        Path guest = chain();
        Cli.run("image", "commit", "-d", "-q", top).ok();

        Qemu.assertClean(base);
        assertTrue(Qemu.sameContent(guest, base));
        assertTrue(holdsDataItself(top));
    }

    @Test
    void commitNeedsAQcow2OverlayWithABackingFile() {
        chain();
        assertTrue(Cli.run("image", "commit", base).singleErrorLine(1).contains("no backing file"));
        Path raw = dir.resolve("disk.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "1M").ok();
        Cli.run("image", "commit", raw).singleErrorLine(1);
        Cli.run("image", "commit", dir.resolve("missing.qcow2")).singleErrorLine(1);
    }

    @Test
    void rebaseOntoNothingFlattensTheOverlay() {
        Path guest = chain();
        Cli.run("image", "rebase", "-b", "", top).ok();

        Qemu.assertClean(top);
        assertFalse(Qemu.info(top).has("backing-filename"));
        assertTrue(Qemu.sameContent(guest, top));
    }

    @Test
    void safeRebaseOntoAnotherBaseKeepsTheGuestsBytes() {
        Path guest = chain();
        Path other = dir.resolve("other.qcow2");
        Qemu.create(other, "8M");
        Qemu.io(other, "qcow2", "write -P 0x03 0 8M");

        Cli.run("image", "rebase", "-b", "other.qcow2", "-F", "qcow2", top).ok();
        Qemu.assertClean(top);
        JsonNode info = Qemu.info(top);
        assertEquals("other.qcow2", info.get("backing-filename").asText());
        assertEquals("qcow2", info.get("backing-filename-format").asText());
        assertTrue(Qemu.sameContent(guest, top));
    }

    @Test
    void unsafeRebaseOnlyRewritesTheHeader() {
        chain();
        Path raw = dir.resolve("other.raw");
        Qemu.img("create", "-q", "-f", "raw", raw, "8M").ok();
        Qemu.io(raw, "raw", "write -P 0x04 0 8M");

        Cli.run("image", "rebase", "-u", "-b", raw, "-F", "raw", top).ok();
        Qemu.assertClean(top);
        assertEquals(raw.toString(), Qemu.info(top).get("backing-filename").asText());
        Qemu.io(top, "qcow2", "read -P 0x04 0 1M", "read -P 0x02 1M 2M", "read -P 0x04 3M 1M");
    }

    @Test
    void rebaseErrorsAreOneLine() {
        chain();
        assertTrue(Cli.run("image", "rebase", "-b", "other.qcow2", top).singleErrorLine(2).contains("-F"));
        Cli.run("image", "rebase", "-b", "missing.qcow2", "-F", "qcow2", top).singleErrorLine(1);
        assertEquals(2, Cli.run("image", "rebase", top).exit(), "-b is required");
    }

    @Test
    void progressIsDrawnOnlyOnATerminal() {
        chain();
        Cli.Result quiet = Cli.runWithStderr(false, "image", "commit", "-d", top).ok();
        assertEquals("", quiet.err());
        Cli.Result watched = Cli.runWithStderr(true, "image", "rebase", "-b", "", top).ok();
        assertTrue(watched.err().contains("rebase"), watched.err());
    }

    /** Whether qemu-img map shows any range that the image itself (depth 0) holds. */
    private static boolean holdsDataItself(Path image) {
        for (JsonNode extent : Qemu.json(Qemu.img("map", "--output=json", image).ok().out())) {
            if (extent.get("depth").asInt() == 0 && extent.get("present").asBoolean()) {
                return true;
            }
        }
        return false;
    }
}
