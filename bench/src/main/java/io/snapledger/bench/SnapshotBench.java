package io.snapledger.bench;

import io.snapledger.image.qcow2.NewSnapshot;
import io.snapledger.image.qcow2.Qcow2Image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Internal snapshot create, apply and delete: in-process {@link Qcow2Image} (open, operation,
 * close) against one {@code qemu-img snapshot} process per operation.
 *
 * <p>Each tool works on its own copy of the same prepared image and repeats create, apply,
 * delete, which brings the image back to an equivalent state (one layer, refcounts 1), so every
 * iteration starts alike. The tools alternate within an iteration to share the machine's drift.
 */
final class SnapshotBench {
    static final String NAME = "bench";
    static final String VIRTUAL = "10G";

    private final Path dir;
    private final int warmups;
    private final int reps;
    private final double qemuStart;

    SnapshotBench(Path dir, int warmups, int reps, double qemuStart) {
        this.dir = dir;
        this.warmups = warmups;
        this.reps = reps;
        this.qemuStart = qemuStart;
    }

    interface Tool {
        void create(Path image) throws Exception;

        void apply(Path image) throws Exception;

        void delete(Path image) throws Exception;
    }

    static final class Ours implements Tool {
        @Override
        public void create(Path image) throws Exception {
            try (Qcow2Image img = Qcow2Image.open(image, true)) {
                img.createSnapshot(NewSnapshot.of("1", NAME, UUID.randomUUID(), null, Instant.now()));
            }
        }

        @Override
        public void apply(Path image) throws Exception {
            try (Qcow2Image img = Qcow2Image.open(image, true)) {
                img.applySnapshot(img.snapshot(NAME));
            }
        }

        @Override
        public void delete(Path image) throws Exception {
            try (Qcow2Image img = Qcow2Image.open(image, true)) {
                img.deleteSnapshot(img.snapshot(NAME));
            }
        }
    }

    static final class QemuImg implements Tool {
        @Override
        public void create(Path image) throws Exception {
            Qemu.img("snapshot", "-c", NAME, image);
        }

        @Override
        public void apply(Path image) throws Exception {
            Qemu.img("snapshot", "-a", NAME, image);
        }

        @Override
        public void delete(Path image) throws Exception {
            Qemu.img("snapshot", "-d", NAME, image);
        }
    }

    /** Medians in seconds of one tool's create, apply and delete. */
    private static final class Family {
        final Timer create = new Timer();
        final Timer apply = new Timer();
        final Timer delete = new Timer();

        void iterate(Tool tool, Path image, boolean keep, boolean verify) throws Exception {
            create.time(keep, () -> tool.create(image));
            verifyIf(verify, image);
            apply.time(keep, () -> tool.apply(image));
            verifyIf(verify, image);
            delete.time(keep, () -> tool.delete(image));
            verifyIf(verify, image);
        }

        private static void verifyIf(boolean verify, Path image) throws Exception {
            if (verify) {
                Qemu.check(image);
            }
        }
    }

    /** Runs every cluster size and allocation; returns the Markdown table. */
    String run(List<Long> allocations) throws Exception {
        StringBuilder table = new StringBuilder();
        table.append("| clusters | allocated | op | ours (ms) | qemu-img (ms) | qemu-img − process start (ms) "
                + "| ours / qemu-img | target ≤ 0.5× |\n");
        table.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (int clusterSize : List.of(64 << 10, 4 << 10)) {
            for (long allocated : allocations) {
                Family ours = new Family();
                Family qemu = new Family();
                measure(clusterSize, allocated, ours, qemu);
                String label = "| " + (clusterSize >> 10) + " KiB | " + ImageBench.size(allocated) + " | ";
                table.append(row(label, "create", ours.create, qemu.create));
                table.append(row(label, "apply", ours.apply, qemu.apply));
                table.append(row(label, "delete", ours.delete, qemu.delete));
            }
        }
        return table.toString();
    }

    private void measure(int clusterSize, long allocated, Family ours, Family qemu) throws Exception {
        Path template = dir.resolve("snap-template.qcow2");
        Path oursImage = dir.resolve("snap-ours.qcow2");
        Path qemuImage = dir.resolve("snap-qemu.qcow2");
        for (Path p : List.of(template, oursImage, qemuImage)) {
            Files.deleteIfExists(p);
        }
        ImageBench.log("snapshots: %d KiB clusters, %s allocated", clusterSize >> 10, ImageBench.size(allocated));
        Qemu.create(template, VIRTUAL, "-o", "cluster_size=" + clusterSize);
        if (allocated > 0) {
            Qemu.fill(template, 0, allocated, 0xab);
        }
        Qemu.copy(template, oursImage);
        Qemu.copy(template, qemuImage);
        Files.delete(template);
        Tool java = new Ours();
        Tool img = new QemuImg();
        for (int i = 0; i < warmups + reps; i++) {
            boolean keep = i >= warmups;
            ours.iterate(java, oursImage, keep, i == 0);
            qemu.iterate(img, qemuImage, keep, i == 0);
        }
        Files.delete(oursImage);
        Files.delete(qemuImage);
    }

    private String row(String label, String op, Timer ours, Timer qemu) {
        double o = ours.median();
        double q = qemu.median();
        double ratio = o / q;
        return String.format(Locale.ROOT, "%s%s | %.1f | %.1f | %.1f | %.2f | %s |%n", label, op, o * 1e3, q * 1e3,
                (q - qemuStart) * 1e3, ratio, ratio <= 0.5 ? "met" : "**not met**");
    }
}
