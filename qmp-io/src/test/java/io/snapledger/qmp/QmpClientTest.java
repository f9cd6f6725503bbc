package io.snapledger.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol layer against a real QEMU 7.2. */
class QmpClientTest {
    @TempDir
    Path dir;

    @Test
    void greetingNamesQemu72AndARefusalCarriesQemusClassAndDescription() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            assertTrue(vm.block.qmp().qemuVersion().startsWith("7.2."), vm.block.qmp().qemuVersion());
            QmpException e = assertThrows(QmpException.class,
                    () -> vm.block.blockdevDel("nope"));
            assertEquals("GenericError", e.errorClass());
            assertEquals("Failed to find node with node-name='nope'", e.description());
            QmpException unknown = assertThrows(QmpException.class, () -> vm.block.qmp().execute("no-such-command"));
            assertEquals("CommandNotFound", unknown.errorClass());
        }
    }

    @Test
    void anEventEmittedWhileItsCommandIsInFlightIsKeptForLater() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            vm.block.stop(); // STOP is emitted before stop's reply
            assertEquals("paused", vm.block.queryStatus().status());
            vm.block.cont();
            QmpEvent stop = vm.block.qmp().awaitEvent(e -> e.is("STOP"), Duration.ofMillis(1));
            QmpEvent resume = vm.block.qmp().awaitEvent(e -> e.is("RESUME"), Duration.ofMillis(1));
            assertFalse(stop.timestamp().isAfter(resume.timestamp()));
            assertThrows(QmpTimeoutException.class, () -> vm.block.qmp().awaitEvent(e -> e.is("STOP"), Duration.ofMillis(50)));
        }
    }

    @Test
    void aKilledQemuEndsEveryWaitAtOnceWithQemuGone() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            CompletableFuture<QmpEvent> waiting = CompletableFuture.supplyAsync(
                    () -> vm.block.qmp().awaitEvent(e -> e.is("NEVER"), Duration.ofMinutes(5)));
            vm.qemu.kill();
            // the wait ends with QEMU, not with its own five minutes
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            assertInstanceOf(QemuGoneException.class, e.getCause());
            assertThrows(QemuGoneException.class, () -> vm.block.queryStatus());
        }
    }

    @Test
    void aSecondClientOnABusySocketGetsNoGreetingAndTimesOutSayingWhy() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda");
             QmpClient first = vm.qemu.connect("test", Duration.ofSeconds(5))) {
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class,
                    () -> vm.qemu.connect("test", Duration.ofMillis(700)));
            assertTrue(e.getMessage().contains("another client"), e.getMessage());
            first.close();
            try (QmpClient next = vm.qemu.connect("test", Duration.ofSeconds(5))) {
                assertEquals("running", new LiveBlock(next).queryStatus().status());
            }
        }
    }
}
