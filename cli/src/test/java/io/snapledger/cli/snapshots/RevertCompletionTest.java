package io.snapledger.cli.snapshots;

import io.snapledger.core.LocalLedger;
import io.snapledger.core.OperationOutcome;
import io.snapledger.command.domain.Identities;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.image.writer.DeviceResult;
import io.snapledger.image.writer.DeviceStep;
import io.snapledger.image.writer.DeviceWriter;
import io.snapledger.image.writer.ImageDeviceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a revert is reported complete, it is done on disk: every device has dropped the safety
 * point it kept. A safety point dropped afterwards, in the background, would race with the
 * caller's next command on the same image, and stay in the image for good if it lost.
 */
class RevertCompletionTest {
    @TempDir
    Path dir;

    @Test
    void aCompletedRevertHasDroppedItsSafetyPoints() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        CountingCommits writer = new CountingCommits();
        try (LocalLedger ledger = LocalLedger.open(vm.home(), writer, Clock.systemUTC(), Identities.random())) {
            long mark = ledger.mark(Vm.NAME);
            UUID s1 = ledger.send(new RevertToSnapshot(Vm.NAME, "s1",
                    new CommandMetadata("test", null, UUID.randomUUID())));
            OperationOutcome outcome = ledger.awaitRevert(Vm.NAME, s1, mark);
            assertTrue(outcome.succeeded(), outcome.why());
            assertEquals(2, writer.revertCommits.get(), "devices whose revert was committed when it completed");
            assertEquals(List.of("1:s1", "2:s2"), Vm.table(vm.disk("vda")));
            assertEquals(List.of("1:s1", "2:s2"), Vm.table(vm.disk("vdb")));
        }
    }

    /** The real writer, counting the reverts it has committed. */
    private static final class CountingCommits implements DeviceWriter {
        private final DeviceWriter real = new ImageDeviceWriter();
        private final AtomicInteger revertCommits = new AtomicInteger();

        @Override
        public DeviceResult prepare(DeviceStep step) throws IOException {
            return real.prepare(step);
        }

        @Override
        public DeviceResult commit(DeviceStep step) throws IOException {
            DeviceResult result = real.commit(step);
            if (step instanceof DeviceStep.RevertInternal) {
                revertCommits.incrementAndGet();
            }
            return result;
        }

        @Override
        public void compensate(DeviceStep step) throws IOException {
            real.compensate(step);
        }
    }
}
