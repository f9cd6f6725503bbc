package io.snapledger.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * image-io beside qemu-img on the same images: internal snapshot create/apply/delete, commit and
 * safe rebase, with plain file copies as the reference rate. Prints Markdown for BENCHMARKS.md.
 *
 * <pre>ImageBench [--quick] [--dir D] [--only snapshots|merges|digest]</pre>
 */
public final class ImageBench {
    private ImageBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path dir = Path.of("/tmp/snapledger-bench");
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--dir" -> dir = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("usage: ImageBench [--quick] [--dir D] [--only snapshots|merges|digest]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dir);
        int warmups = quick ? 1 : 2;
        int reps = quick ? 3 : 7;
        int mergeWarmups = 1;
        int mergeReps = quick ? 3 : 5;
        List<Long> allocations = quick ? List.of(0L, 64L << 20, 256L << 20)
                : List.of(0L, 256L << 20, 1L << 30, 4L << 30);
        long moved = quick ? 256L << 20 : 1L << 30;

        Timer start = Timer.repeat(5, 21, () -> { }, () -> Qemu.img("--version"));
        double qemuStart = start.median();

        StringBuilder out = new StringBuilder();
        out.append(machine(dir, quick, warmups, reps, mergeWarmups, mergeReps));
        out.append(String.format(Locale.ROOT, "qemu-img process start (`qemu-img --version`): %.1f ms median%n%n",
                qemuStart * 1e3));
        if (only == null || only.equals("snapshots")) {
            out.append("### Internal snapshots (10 GiB virtual)\n\n");
            out.append(new SnapshotBench(dir, warmups, reps, qemuStart).run(allocations)).append('\n');
        }
        if (only == null || only.equals("merges")) {
            out.append("### Commit and safe rebase (10 GiB virtual, 64 KiB clusters)\n\n");
            out.append(new MergeBench(dir, moved, mergeWarmups, mergeReps).run()).append('\n');
        }
        if (only == null || only.equals("digest")) {
            out.append("### Content digest of a snapshot\n\n");
            out.append(new DigestBench(dir, moved, mergeWarmups, mergeReps).run()).append('\n');
        }
        System.out.print(out);
    }

    private static String machine(Path dir, boolean quick, int warmups, int reps, int mergeWarmups, int mergeReps)
            throws Exception {
        String df = Qemu.run("df", "-T", "-h", dir).strip().lines().reduce((a, b) -> b).orElse("?");
        String fs = df.split("\\s+").length > 1 ? df.split("\\s+")[1] : "?";
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        return String.format(Locale.ROOT, """
                - date: %s
                - machine: %d cores (`nproc`), %s, %.1f GiB memory; %s on %s (`df -T`: %s)
                - Java %s; %s
                - mode: %s, warm page cache; medians of %d runs after %d warm-up run(s) for snapshots,
                  of %d runs after %d for commit, rebase and copies
                
                """,
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 16),
                Runtime.getRuntime().availableProcessors(), cpu, memory / (double) (1L << 30), dir, fs, df,
                System.getProperty("java.version"), Qemu.img("--version").lines().findFirst().orElse("?"),
                quick ? "--quick" : "full", reps, warmups, mergeReps, mergeWarmups);
    }

    static String size(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        return bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    /** Progress on stderr, so stdout stays the report. */
    static void log(String format, Object... args) {
        System.err.println("[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] "
                + String.format(Locale.ROOT, format, args));
    }
}
