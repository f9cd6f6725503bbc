package io.snapledger.bench;

import io.snapledger.core.LocalLedger;
import io.snapledger.core.OperationOutcome;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The event-sourced core side by side with qemu-img: a 4-device TakeSnapshot end to end (command,
 * every image, projection visible) against four sequential {@code qemu-img snapshot -c} on the
 * same images, and events appended per second through the command bus.
 *
 * <p>Run: {@code bench/run-core-bench.sh [--dir D]}.
 */
public final class CoreBench {
    private static final int DEVICES = 4;
    private static final int REPS = 7;

    private CoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 1 && args[0].equals("--dir") ? args[1] : "/tmp/snapledger-bench/core");
        Qemu.run("rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        List<DeviceSpec> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            Path img = dir.resolve("vd" + (char) ('a' + i) + ".qcow2");
            Qemu.create(img, "10G");
            Qemu.fill(img, 0, 256L << 20, 0xab);
            devices.add(new DeviceSpec("vd" + (char) ('a' + i), img.toString(), ImageFormat.QCOW2));
        }
        System.out.println("## command side (4 devices, 10 GiB each, 256 MiB allocated, 64 KiB clusters)\n");
        try (LocalLedger ledger = LocalLedger.open(dir.resolve("home"))) {
            ledger.send(new DefineDomain("bench", devices, false, meta()));
            int[] n = {0};
            Timer ours = Timer.repeat(2, REPS, () -> { }, () -> take(ledger, "s" + n[0]++));
            int[] q = {0};
            Timer qemu = Timer.repeat(2, REPS, () -> { }, () -> {
                String name = "q" + q[0]++;
                for (DeviceSpec d : devices) {
                    Qemu.img("snapshot", "-c", name, d.path());
                }
            });
            System.out.printf("| operation | snapledger (ms) | 4 × qemu-img snapshot -c (ms) | ratio |%n|---|---|---|---|%n");
            System.out.printf("| take a 4-device snapshot, end to end | %.1f | %.1f | %.2f |%n%n",
                    ours.median() * 1e3, qemu.median() * 1e3, ours.median() / qemu.median());
            appendRate(ledger, n[0]);
        }
    }

    private static void take(LocalLedger ledger, String name) {
        long mark = ledger.mark("bench");
        UUID uuid = ledger.send(new TakeSnapshot("bench", name, null, null, List.of(), false, null, meta()));
        OperationOutcome outcome = ledger.awaitTake("bench", uuid, mark);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("snapshot failed: " + outcome.why());
        }
    }

    /** Events appended per second: one DescribeSnapshot (one event) per command, 1 and 4 threads. */
    private static void appendRate(LocalLedger ledger, int snapshots) throws Exception {
        System.out.printf("| events appended through the command bus | events/s |%n|---|---|%n");
        for (int threads : new int[] {1, 4}) {
            int perThread = 500;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String snapshot = "s" + (t % Math.max(1, snapshots));
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ledger.send(new DescribeSnapshot("bench", snapshot, "note " + i, meta()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("| %d thread(s), one domain | %.0f |%n", threads, threads * perThread / seconds);
        }
    }

    private static CommandMetadata meta() {
        return new CommandMetadata("bench", null, UUID.randomUUID());
    }
}
