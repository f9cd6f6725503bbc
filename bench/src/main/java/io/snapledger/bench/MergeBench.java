package io.snapledger.bench;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.ProgressListener;
import io.snapledger.image.merge.Merges;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Commit and safe rebase of a chain {@code gp <- mid <- top} (10 GiB virtual, 64 KiB clusters):
 * gp holds N bytes of 0x11 at 0, mid N bytes of 0x22 at 0, top N bytes of 0x33 at N. Committing
 * top writes N bytes into mid; rebasing top onto gp copies mid's N bytes into top. Both move N
 * bytes, as much as the plain file copies they are compared with ({@code dd oflag=direct}, {@code cp}).
 *
 * <p>Every iteration starts from fresh, synced copies of the prepared chain.
 */
final class MergeBench {
    private final Path dir;
    private final long bytes;
    private final int warmups;
    private final int reps;

    MergeBench(Path dir, long bytes, int warmups, int reps) {
        this.dir = dir;
        this.bytes = bytes;
        this.warmups = warmups;
        this.reps = reps;
    }

    /** The operation, run on a chain copied into the folder {@code chain}. */
    @FunctionalInterface
    interface Op {
        void run(Path chain) throws Exception;
    }

    /** One tool's way of doing the operation, named as the report shows it. */
    private record Way(String name, Op op) {
    }

    String run() throws Exception {
        Path template = dir.resolve("merge-template");
        prepareChain(template);
        List<Way> commit = List.of(
                new Way("ours: Merges.commit", c -> Merges.commit(c.resolve("top.qcow2"), true, ProgressListener.NONE)),
                new Way("qemu-img commit", c -> Qemu.img("commit", "-q", "-f", "qcow2", c.resolve("top.qcow2"))),
                new Way("qemu-img commit -t none",
                        c -> Qemu.img("commit", "-q", "-t", "none", "-f", "qcow2", c.resolve("top.qcow2"))));
        List<Way> rebase = List.of(
                new Way("ours: Merges.rebase", c -> Merges.rebase(c.resolve("top.qcow2"), "gp.qcow2", ImageFormat.QCOW2,
                        false, ProgressListener.NONE)),
                new Way("qemu-img rebase", c -> Qemu.img("rebase", "-q", "-f", "qcow2", "-b", "gp.qcow2", "-F", "qcow2",
                        c.resolve("top.qcow2"))),
                new Way("qemu-img rebase -t none", c -> Qemu.img("rebase", "-q", "-t", "none", "-f", "qcow2",
                        "-b", "gp.qcow2", "-F", "qcow2", c.resolve("top.qcow2"))));
        ImageBench.log("commit of %s", ImageBench.size(bytes));
        double[] commitTimes = measure(template, commit);
        ImageBench.log("safe rebase copying %s", ImageBench.size(bytes));
        double[] rebaseTimes = measure(template, rebase);
        deleteTree(template);
        ImageBench.log("file copies of %s", ImageBench.size(bytes));
        double[] copyTimes = copies();

        double dd = copyTimes[0];
        StringBuilder t = new StringBuilder();
        t.append("| operation (").append(ImageBench.size(bytes)).append(" moved) | median (s) | MiB/s "
                + "| ours / qemu-img (time) | ours / dd (rate) | targets |\n");
        t.append("|---|---:|---:|---:|---:|---|\n");
        rows(t, commit, commitTimes, dd, true);
        rows(t, rebase, rebaseTimes, dd, false);
        t.append(row("dd bs=4M oflag=direct", copyTimes[0], "", "", ""));
        t.append(row("cp && sync", copyTimes[1], "", "", ""));
        return t.toString();
    }

    /** The first way is ours; its ratios are against the second (qemu-img as users run it) and dd. */
    private void rows(StringBuilder t, List<Way> ways, double[] times, double dd, boolean targets) {
        double vsQemu = times[0] / times[1];
        double vsDd = dd / times[0];
        String verdict = !targets ? "none set" : String.format(Locale.ROOT,
                "≥ 1.0× qemu-img's rate: %s; ≥ 70 %% of dd's rate: %s",
                vsQemu <= 1 ? "met" : "**not met**", vsDd >= 0.7 ? "met" : "**not met**");
        t.append(row(ways.get(0).name(), times[0], String.format(Locale.ROOT, "%.2f", vsQemu),
                String.format(Locale.ROOT, "%.0f %%", 100 * vsDd), verdict));
        for (int i = 1; i < ways.size(); i++) {
            t.append(row(ways.get(i).name(), times[i], "", "", ""));
        }
    }

    private String row(String name, double seconds, String vsQemu, String vsDd, String targets) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.0f | %s | %s | %s |%n", name, seconds,
                bytes / seconds / (1 << 20), vsQemu, vsDd, targets);
    }

    private void prepareChain(Path template) throws Exception {
        deleteTree(template);
        Files.createDirectories(template);
        Path gp = template.resolve("gp.qcow2");
        Path mid = template.resolve("mid.qcow2");
        Path top = template.resolve("top.qcow2");
        Qemu.create(gp, SnapshotBench.VIRTUAL);
        Qemu.fill(gp, 0, bytes, 0x11);
        Qemu.create(mid, SnapshotBench.VIRTUAL, "-b", "gp.qcow2", "-F", "qcow2");
        Qemu.fill(mid, 0, bytes, 0x22);
        Qemu.create(top, SnapshotBench.VIRTUAL, "-b", "mid.qcow2", "-F", "qcow2");
        Qemu.fill(top, bytes, bytes, 0x33);
        Qemu.run("sync");
    }

    /**
     * Medians per way. Ways alternate inside each iteration; after the first one every result is
     * checked with qemu-img check and compared with qemu-img's, so no broken run is ever timed.
     */
    private double[] measure(Path template, List<Way> ways) throws Exception {
        Timer[] timers = new Timer[ways.size()];
        for (int w = 0; w < ways.size(); w++) {
            timers[w] = new Timer();
        }
        for (int i = 0; i < warmups + reps; i++) {
            for (int w = 0; w < ways.size(); w++) {
                Path chain = dir.resolve("merge-" + w);
                deleteTree(chain);
                Files.createDirectories(chain);
                for (String f : List.of("gp.qcow2", "mid.qcow2", "top.qcow2")) {
                    Qemu.copy(template.resolve(f), chain.resolve(f));
                }
                Op op = ways.get(w).op();
                timers[w].time(i >= warmups, () -> op.run(chain));
            }
            if (i == 0) {
                verify(ways.size());
            }
        }
        for (int w = 0; w < ways.size(); w++) {
            deleteTree(dir.resolve("merge-" + w));
        }
        return Arrays.stream(timers).mapToDouble(Timer::median).toArray();
    }

    private void verify(int ways) throws Exception {
        Path ours = dir.resolve("merge-0");
        for (String f : List.of("mid.qcow2", "top.qcow2")) {
            Qemu.check(ours.resolve(f));
            for (int w = 1; w < ways; w++) {
                Qemu.compare(ours.resolve(f), dir.resolve("merge-" + w).resolve(f));
            }
        }
    }

    /** Medians of {dd oflag=direct, cp && sync} copying a raw file of {@code bytes}, warm in the cache. */
    private double[] copies() throws Exception {
        Path src = dir.resolve("copy-src.raw");
        Path dst = dir.resolve("copy-dst.raw");
        writePattern(src);
        Timer.Step clear = () -> Files.deleteIfExists(dst);
        Timer dd = Timer.repeat(warmups, reps, clear,
                () -> Qemu.run("dd", "if=" + src, "of=" + dst, "bs=4M", "oflag=direct", "status=none"));
        Timer cp = Timer.repeat(warmups, reps, clear,
                () -> Qemu.run("sh", "-c", "cp \"$0\" \"$1\" && sync \"$1\"", src, dst));
        Files.deleteIfExists(src);
        Files.deleteIfExists(dst);
        return new double[] {dd.median(), cp.median()};
    }

    private void writePattern(Path file) throws Exception {
        byte[] chunk = new byte[4 << 20];
        Arrays.fill(chunk, (byte) 0xab);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long at = 0; at < bytes; at += chunk.length) {
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, bytes - at));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        }
    }

    static void deleteTree(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(path)) {
            walk.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.delete(all.get(i));
        }
    }
}
