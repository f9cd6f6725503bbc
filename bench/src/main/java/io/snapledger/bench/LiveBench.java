package io.snapledger.bench;

import io.snapledger.core.Caller;
import io.snapledger.core.LocalLedger;
import io.snapledger.core.SnapshotRequest;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.QemuLink;
import io.snapledger.qmp.LiveBlock;
import io.snapledger.qmp.QemuProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A live internal snapshot (memory and both disks, one {@code snapshot-save} job) of a running
 * 2-disk VM, end to end through the ledger (command to tree updated), beside the bare
 * {@code snapshot-save} job on the same VM over QMP, alternated in one run.
 *
 * <p>Usage: {@code LiveBench [--reps R] [--dir D]}; Markdown on stdout.
 */
public final class LiveBench {
    private LiveBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 1 && args[0].equals("--reps") ? Integer.parseInt(args[1]) : 10;
        Path dir = Path.of(args.length > 3 && args[2].equals("--dir") ? args[3] : "/tmp/snapledger-live-bench");
        Files.createDirectories(dir);
        Path vda = dir.resolve("vda.qcow2");
        Path vdb = dir.resolve("vdb.qcow2");
        Qemu.create(vda, "64M");
        Qemu.create(vdb, "64M");
        Caller caller = new Caller("bench");
        try (QemuProcess qemu = QemuProcess.builder(dir.resolve("qemu")).disk("vda", vda).disk("vdb", vdb)
                .socket("snapledger").start();
             LocalLedger ledger = LocalLedger.open(dir.resolve("home"))) {
            ledger.defineLive(caller, "vm", List.of(new DeviceSpec("vda", vda.toString(), ImageFormat.QCOW2),
                    new DeviceSpec("vdb", vdb.toString(), ImageFormat.QCOW2)),
                    QemuLink.attached(qemu.socket("snapledger").toString()));
            LiveBlock bare = new LiveBlock(qemu.qmp());
            List<String> nodes = List.of(bare.device("vda").nodeName(), bare.device("vdb").nodeName());
            int[] n = {0};
            Timer ours = Timer.repeat(2, reps, () -> { },
                    () -> ledger.take(caller, SnapshotRequest.of("vm", "s" + n[0]++, null)));
            int[] m = {0};
            Timer peer = Timer.repeat(2, reps, () -> { }, () -> {
                String tag = "bare" + m[0]++;
                bare.snapshotSave("job-" + tag, tag, nodes.get(0), nodes, job -> { }, Duration.ofMinutes(1));
            });
            System.out.println("| operation | snapledger | bare QMP job | ratio |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| live internal snapshot with memory, 2 disks | %.1f ms | %.1f ms | %.1fx |%n",
                    ours.median() * 1000, peer.median() * 1000, ours.median() / peer.median());
            System.out.printf(Locale.ROOT, "%nmedians of %d runs after 2 warm-ups; 64 MiB disks, 64 MiB guest, TCG%n",
                    reps);
        }
    }
}
