package io.snapledger.bench;

import io.snapledger.image.ContentDigest;
import io.snapledger.image.DiskImage;
import io.snapledger.image.Images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content digest a device writer computes when it takes a snapshot, beside the tools an
 * operator would reach for to fingerprint the same image: {@code sha256sum} and {@code cksum} of
 * the file (which read every byte of it, but not the backing chain), and {@code qemu-img compare}
 * of the image with itself (guest view, both sides read). Warm page cache.
 */
final class DigestBench {
    private final Path dir;
    private final long allocated;
    private final int warmups;
    private final int reps;

    DigestBench(Path dir, long allocated, int warmups, int reps) {
        this.dir = dir;
        this.allocated = allocated;
        this.warmups = warmups;
        this.reps = reps;
    }

    private record Way(String name, Timer.Step step) {
    }

    String run() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("| image (10 GiB virtual, 64 KiB clusters) | tool | median (ms) | MiB/s of allocated data |\n");
        out.append("|---|---|---:|---:|\n");
        for (long bytes : List.of(allocated, 0L)) {
            Path image = dir.resolve("digest-" + bytes + ".qcow2");
            Files.deleteIfExists(image);
            Qemu.create(image, "10G");
            if (bytes > 0) {
                Qemu.fill(image, 0, bytes, 0xab);
            }
            for (Way way : ways(image)) {
                ImageBench.log("digest: %s, %s", ImageBench.size(bytes), way.name());
                double median = Timer.repeat(warmups, reps, () -> { }, way.step()).median();
                String rate = bytes == 0 ? "—" : String.format(Locale.ROOT, "%.0f", bytes / median / (1 << 20));
                out.append(String.format(Locale.ROOT, "| %s allocated | %s | %.1f | %s |%n",
                        ImageBench.size(bytes), way.name(), median * 1e3, rate));
            }
            Files.delete(image);
        }
        return out.toString();
    }

    private static List<Way> ways(Path image) {
        List<Way> ways = new ArrayList<>();
        ways.add(new Way("ours: ContentDigest.of", () -> {
            try (DiskImage opened = Images.open(image, false)) {
                ContentDigest.of(opened);
            }
        }));
        ways.add(new Way("sha256sum FILE", () -> Qemu.run("sha256sum", image)));
        ways.add(new Way("cksum FILE", () -> Qemu.run("cksum", image)));
        ways.add(new Way("qemu-img compare FILE FILE", () -> Qemu.img("compare", "-q", image, image)));
        return ways;
    }
}
