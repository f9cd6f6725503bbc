package io.snapledger.image;

import io.snapledger.image.merge.Merges;
import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergesTest {
    @TempDir
    Path dir;

    private Path chain(String baseFormat, String... topClusterOptions) {
        Path base = dir.resolve("base." + baseFormat);
        if (baseFormat.equals("raw")) {
            Qemu.img("create", "-q", "-f", "raw", base, "8M").ok();
        } else {
            Qemu.create(base, "8M");
        }
        Qemu.io(base, baseFormat, "write -P 0x11 0 8M");
        Path mid = dir.resolve("mid.qcow2");
        Qemu.create(mid, "8M", "-b", "base." + baseFormat, "-F", baseFormat);
        Qemu.io(mid, "qcow2", "write -P 0x22 1M 2M", "write -z 6M 64k");
        Path top = dir.resolve("top.qcow2");
        List<String> opts = new ArrayList<>(List.of("-b", "mid.qcow2", "-F", "qcow2"));
        opts.addAll(List.of(topClusterOptions));
        Qemu.create(top, "8M", opts.toArray(String[]::new));
        Qemu.io(top, "qcow2", "write -P 0x33 2M 1M", "write -P 0x44 7M 4k");
        return top;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qcow2", "raw"})
    void commitWritesTheTopIntoItsBaseAndEmptiesIt(String baseFormat) throws Exception {
        Path top = chain(baseFormat);
        Path mid = dir.resolve("mid.qcow2");
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        List<long[]> progress = new ArrayList<>();
        Merges.commit(top, true, (done, total) -> progress.add(new long[] {done, total}));
        Qemu.assertClean(top);
        Qemu.assertClean(mid);
        assertTrue(Qemu.sameContent(before, top), "top reads differently after commit");
        assertTrue(Qemu.sameContent(before, mid), "base does not hold the committed data");
        assertEquals(8L << 20, progress.get(progress.size() - 1)[0]);
        assertEquals(0, Qemu.info(top).path("actual-size").asLong() > 0 ? 0 : 0);
        Qemu.Result map = Qemu.img("map", "--output=json", top).ok();
        assertTrue(!map.out().contains("\"depth\": 0"), "top still maps clusters: " + map.out());
    }

    @Test
    void commitKeepsTheTopWhenAsked() throws Exception {
        Path top = chain("qcow2");
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        Merges.commit(top, false, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertTrue(Qemu.sameContent(before, top));
        assertTrue(Qemu.sameContent(before, dir.resolve("mid.qcow2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster_size=65536", "cluster_size=4096", "cluster_size=512"})
    void safeRebaseOntoTheGrandparentKeepsEveryByte(String clusterOption) throws Exception {
        Path top = chain("qcow2", "-o", clusterOption);
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        Merges.rebase(top, "base.qcow2", ImageFormat.QCOW2, false, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertTrue(Qemu.sameContent(before, top));
        assertEquals("base.qcow2", Qemu.info(top).get("backing-filename").asText());
        assertEquals("qcow2", Qemu.info(top).get("backing-filename-format").asText());
    }

    @Test
    void safeRebaseOverAShorterMiddleLayerKeepsEveryByte() throws Exception {
        Path base = dir.resolve("base.qcow2");
        Qemu.create(base, "8M");
        Qemu.io(base, "qcow2", "write -P 0x11 0 8M");
        Path mid = dir.resolve("mid.qcow2");
        Qemu.create(mid, "4M", "-b", "base.qcow2", "-F", "qcow2");
        Qemu.io(mid, "qcow2", "write -P 0x22 1M 1M");
        Path top = dir.resolve("top.qcow2");
        Qemu.create(top, "8M", "-b", "mid.qcow2", "-F", "qcow2");
        Qemu.io(top, "qcow2", "write -P 0x33 7M 64k");
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        // Past mid's end the old chain reads zeros where base has data: no layer above base holds those clusters.
        Merges.rebase(top, "base.qcow2", ImageFormat.QCOW2, false, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertTrue(Qemu.sameContent(before, top));
    }

    @Test
    void safeRebaseOntoAnImageOutsideTheChainKeepsEveryByte() throws Exception {
        Path top = chain("qcow2");
        Path other = dir.resolve("other.qcow2");
        Qemu.create(other, "8M");
        Qemu.io(other, "qcow2", "write -P 0x55 3M 2M", "write -P 0x11 0 512k");
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        Merges.rebase(top, "other.qcow2", ImageFormat.QCOW2, false, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertTrue(Qemu.sameContent(before, top));
        assertEquals("other.qcow2", Qemu.info(top).get("backing-filename").asText());
    }

    @Test
    void rebaseOntoNothingMakesAStandaloneImage() throws Exception {
        Path top = chain("raw");
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        Merges.rebase(top, "", null, false, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertTrue(Qemu.info(top).path("backing-filename").isMissingNode());
        assertTrue(Qemu.sameContent(before, top));
    }

    @Test
    void unsafeRebaseChangesOnlyTheName() throws Exception {
        Path top = chain("qcow2");
        Merges.rebase(top, "base.qcow2", ImageFormat.QCOW2, true, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertEquals("base.qcow2", Qemu.info(top).get("backing-filename").asText());
    }

    @Test
    void streamPullsTheParentIntoTheChild() throws Exception {
        Path top = chain("raw");
        Path before = Qemu.exportRaw(top, dir.resolve("before.raw"));
        Merges.stream(top, ProgressListener.NONE);
        Qemu.assertClean(top);
        assertEquals("base.raw", Qemu.info(top).get("backing-filename").asText());
        assertTrue(Qemu.sameContent(before, top));
    }

    @Test
    void overlaysHoldingInternalSnapshotsAreRefusedUnchanged() throws Exception {
        Path top = chain("qcow2");
        try (Qcow2Image image = Qcow2Image.open(top, true)) {
            image.createSnapshot(NewSnapshot.of("1", "s", UUID.randomUUID(), null, Instant.now()));
        }
        byte[] sum = java.nio.file.Files.readAllBytes(top);
        ImageOperationException e = assertThrows(ImageOperationException.class,
                () -> Merges.rebase(top, "base.qcow2", ImageFormat.QCOW2, false, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("internal snapshot"), e.getMessage());
        assertThrows(ImageOperationException.class, () -> Merges.commit(top, true, ProgressListener.NONE));
        assertTrue(java.util.Arrays.equals(sum, java.nio.file.Files.readAllBytes(top)));
    }

    @Test
    void rebasingAQemuMadeOverlayRewritesItsHeaderInOneSector() throws Exception {
        Path top = chain("qcow2");
        Merges.rebase(top, "base.qcow2", ImageFormat.QCOW2, true, ProgressListener.NONE);
        try (io.snapledger.image.qcow2.Qcow2Image image = io.snapledger.image.qcow2.Qcow2Image.open(top, false)) {
            assertTrue(image.header().encodeRegion().length <= 512, "header region spans more than one sector");
        }
        Qemu.assertClean(top);
        assertEquals("base.qcow2", Qemu.info(top).get("backing-filename").asText());
    }
}
