package io.snapledger.command.runtime;

import io.snapledger.events.command.PrepareDeviceSnapshot;
import io.snapledger.events.model.DeviceLocation;

import org.axonframework.commandhandling.CommandHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How commands travel through the asynchronous command bus. */
class CommandDispatchTest {

    @TempDir
    Path home;

    @Test
    void theAggregatesExceptionReachesTheCallerWithItsMessage() {
        try (TestRuntime runtime = TestRuntime.start(home)) {
            runtime.define();

            IllegalStateException refused = assertThrows(IllegalStateException.class, runtime::define);

            assertEquals("domain web01 is already defined", refused.getMessage());
        }
    }

    /** Three devices' work meets at a barrier that only opens when all three run at the same time. */
    @Test
    void deviceWorkForSeveralDevicesRunsInParallel() throws Exception {
        CyclicBarrier allThreeAtOnce = new CyclicBarrier(3);
        RuntimeSettings settings = TestRuntime.settings(home, 0).withDeviceThreads(3);
        CommandSideModule module = settings.module();
        settings = settings.withModule(new CommandSideModule(module.aggregates(), module.sagas(),
                List.of(c -> new MeetingDeviceWork(allThreeAtOnce))));

        try (TestRuntime runtime = TestRuntime.start(settings)) {
            List<CompletableFuture<String>> work = List.of("vda", "vdb", "vdc").stream()
                    .map(device -> runtime.runtime.commandGateway().<String>send(prepare(device)))
                    .toList();

            assertEquals(List.of("vda", "vdb", "vdc"), work.stream().map(CompletableFuture::join).toList());
        }
    }

    private static PrepareDeviceSnapshot prepare(String device) {
        return new PrepareDeviceSnapshot(TestRuntime.DOMAIN, UUID.randomUUID(), 1, "s1", null,
                DeviceLocation.internal(device, "/images/web01-" + device + ".qcow2"), Instant.EPOCH, TestRuntime.meta());
    }

    public static final class MeetingDeviceWork {

        private final CyclicBarrier barrier;

        MeetingDeviceWork(CyclicBarrier barrier) {
            this.barrier = barrier;
        }

        @CommandHandler
        public String handle(PrepareDeviceSnapshot command) throws Exception {
            barrier.await(10, TimeUnit.SECONDS);
            return command.device();
        }
    }
}
