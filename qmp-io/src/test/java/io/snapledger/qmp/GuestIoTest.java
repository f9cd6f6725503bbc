package io.snapledger.qmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guest-data checks the other tests rely on do catch a wrong pattern, live and offline. */
class GuestIoTest {
    @TempDir
    Path dir;

    @Test
    void aWrongPatternIsDetectedLiveFromQemusLogAndOfflineWithQemuIo() throws Exception {
        try (LiveVm vm = LiveVm.create(dir, "vda")) {
            vm.io.write("vda", 0x11, 0, 1 << 20);
            vm.io.assertReads("vda", 0x11, 0, 1 << 20);
            AssertionError live = assertThrows(AssertionError.class, () -> vm.io.assertReads("vda", 0x22, 0, 1 << 20));
            assertTrue(live.getMessage().contains("Pattern verification failed"), live.getMessage());
            assertThrows(AssertionError.class, () -> vm.io.assertReads("vda", 0x11, 4096, 1 << 20)); // tail unwritten
            vm.quit();
        }
        LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x11, 0, 1 << 20);
        assertThrows(AssertionError.class, () -> LiveVm.assertFileReads(dir.resolve("vda.qcow2"), 0x22, 0, 1 << 20));
    }
}
