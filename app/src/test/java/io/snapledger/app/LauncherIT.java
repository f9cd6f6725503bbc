package io.snapledger.app;

import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the launcher script on the packaged jar as a user would, from another folder. The script
 * and jar are copied to a scratch tree without sources, so the script never starts a build here.
 * Runs in the integration-test phase, after 'package' made the jar.
 */
class LauncherIT {
    @TempDir
    Path dir;

    private Path launcher;

    @BeforeEach
    void copyLauncherAndJar() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path jar = repo.resolve("app/target/snapledger.jar");
        assumeTrue(Files.isRegularFile(jar), "the jar is built by 'mvn package'");
        Path tree = dir.resolve("install");
        Files.createDirectories(tree.resolve("app/target"));
        launcher = Files.copy(repo.resolve("snapledger"), tree.resolve("snapledger"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(jar, tree.resolve("app/target/snapledger.jar"));
    }

    @Test
    void runsCommandsFromAnyFolderWithTheirExitCodes() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Qemu.create(work.resolve("disk.qcow2"), "8M");

        Qemu.Result version = run(work, "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("snapledger "), version.out());

        Qemu.Result info = run(work, "image", "info", "--json", "disk.qcow2");
        assertEquals(0, info.exit(), info.err());
        assertEquals(8 << 20, Qemu.json(info.out()).get("virtual-size").asLong());
        assertEquals("", info.err());

        Qemu.Result missing = run(work, "image", "snapshot", "-l", "missing.qcow2");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("snapledger: ") && missing.err().strip().lines().count() == 1, missing.err());

        assertEquals(2, run(work, "image", "bogus").exit());
    }

    /**
     * The jar's {@code serve} holds the home and answers the launcher; after SIGKILL the launcher
     * finds no daemon answering and runs the command in-process, which removes the stale file.
     */
    @Test
    void aDaemonAnswersTheLauncherAndAKilledOneFallsBackToInProcess() throws Exception {
        Path work = Files.createDirectories(dir.resolve("served"));
        Qemu.create(work.resolve("disk.qcow2"), "8M");
        assertEquals(0, run(work, "--home", "home", "define", "vm", "--disk", "vda=disk.qcow2").exit());
        Process serve = new ProcessBuilder("bash", launcher.toString(), "--home", "home", "serve")
                .directory(work.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(work.resolve("serve.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(work.resolve("home/daemon")));
            Qemu.Result taken = run(work, "--home", "home", "snapshot-create", "vm", "--name", "s1");
            assertEquals(new Qemu.Result(0, "Domain snapshot s1 created\n", ""), taken);
            assertTrue(serve.isAlive(), "serve stopped; see serve.log");

            serve.destroyForcibly();
            serve.waitFor();
            Qemu.Result current = run(work, "--home", "home", "snapshot-current", "vm");
            assertEquals(new Qemu.Result(0, "s1\n", ""), current);
            assertFalse(Files.exists(work.resolve("home/daemon")), "the killed daemon's file is still there");
        } finally {
            serve.destroyForcibly();
        }
    }

    private Qemu.Result run(Path cwd, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(cwd.toFile()).start();
        process.getOutputStream().close();
        // Small outputs: reading one stream after the other cannot fill a pipe and stall.
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Qemu.Result(process.waitFor(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
