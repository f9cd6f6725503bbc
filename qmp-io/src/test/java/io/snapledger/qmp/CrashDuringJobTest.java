package io.snapledger.qmp;

import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.snapledger.qmp.LiveVm.base;
import static io.snapledger.qmp.TransactionAction.external;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job QEMU is running when the QMP connection drops, or when QEMU is killed. */
class CrashDuringJobTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aReconnectedClientFindsTheRunningJobAndAKillEndsTheWaitAtOnceLeavingCleanImages() throws Exception {
        Path overlay = dir.resolve("vda.s1.qcow2");
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            vm.io.write("vda", 0x11, 0, 16 * MB);
            String top = Overlays.createAndAdd(vm, "vda", vm.image("vda"), "s1", Overlays.mark("s1"));
            vm.block.transaction(List.of(external(base("vda"), top)));
            vm.block.startBlockStream("stream-s1", top, MB); // 1 MiB/s: 16 s of work
            await().atMost(Duration.ofSeconds(10)).until(() -> vm.block.jobs().findJob("stream-s1")
                    .map(j -> j.currentProgress() > 0).orElse(false));

            try (QmpClient dropped = vm.qemu.connect("test", Duration.ofSeconds(5))) {
                assertEquals("running", new QmpJobs(dropped).findJob("stream-s1").orElseThrow().status());
            }
            try (QmpClient again = vm.qemu.connect("test", Duration.ofSeconds(5))) {
                JobInfo found = new QmpJobs(again).findJob("stream-s1").orElseThrow();
                assertEquals("stream", found.type());
                assertEquals("running", found.status());
                assertTrue(found.currentProgress() < found.totalProgress());
            }

            List<JobInfo> reports = new CopyOnWriteArrayList<>();
            CompletableFuture<JobInfo> waiting = CompletableFuture.supplyAsync(
                    () -> vm.block.jobs().awaitEnd("stream-s1", reports::add, Duration.ofMinutes(5)));
            // the progress read from query-jobs while the job runs moves (QEMU's rate limit works in slices)
            await().atMost(Duration.ofSeconds(30)).until(() -> reports.size() >= 2
                    && reports.get(reports.size() - 1).currentProgress() > reports.get(0).currentProgress());
            vm.qemu.kill();
            // the wait ends with QEMU, not with its own five minutes
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            assertInstanceOf(QemuGoneException.class, e.getCause());
        }
        Qemu.assertClean(overlay);
        Qemu.assertClean(dir.resolve("vda.qcow2"));
        LiveVm.assertFileReads(overlay, 0x11, 0, 16 * MB);
    }

    /** The same kill during an unthrottled commit of 512 MiB: {@code -Dsnapledger.longDrills=true}. */
    @Test
    @EnabledIfSystemProperty(named = "snapledger.longDrills", matches = "true")
    void longDrillKillDuringAnUnthrottledActiveCommitLeavesCleanImages() throws Exception {
        Path image = dir.resolve("vda.qcow2");
        Qemu.create(image, "1G");
        Qemu.io(image, "qcow2", "write -P 0x11 0 256M");
        Path overlay = Overlays.create(image, dir.resolve("vda.s1.qcow2"), Overlays.mark("s1"));
        Qemu.io(overlay, "qcow2", "write -P 0x22 0 512M");
        try (LiveVm vm = LiveVm.start(dir, QemuProcess.builder(dir.resolve("qemu")).disk("vda", overlay, "s1"))) {
            String top = NodeNames.format("vda", "s1");
            String baseNode = vm.block.namedNodes().stream()
                    .filter(n -> n.filename().equals(image.toString()) && n.driver().equals("qcow2"))
                    .findFirst().orElseThrow().nodeName();
            vm.block.qmp().execute("block-commit", vm.block.qmp().arguments().put("job-id", "commit-s1")
                    .put("device", top).put("base-node", baseNode).put("auto-dismiss", false));
            await().atMost(Duration.ofSeconds(60)).until(() -> vm.block.jobs().findJob("commit-s1")
                    .map(j -> j.currentProgress() > 64L * MB).orElse(false));
            vm.qemu.kill();
        }
        Qemu.assertClean(overlay);
        Qemu.assertClean(image);
        LiveVm.assertFileReads(overlay, 0x22, 0, 512 * MB);
    }
}
