package io.snapledger.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's first command, as a newcomer runs it: {@code ./snapledger demo} from the launcher
 * script, with a home folder that has never seen snapledger.
 */
class DemoLauncherIT {
    @TempDir
    Path dir;

    @Test
    void demoRunsFromTheLauncherOnAFreshMachine() throws IOException, InterruptedException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path jar = repo.resolve("app/target/snapledger.jar");
        assumeTrue(Files.isRegularFile(jar), "the jar is built by 'mvn package'");
        Path tree = dir.resolve("install");
        Files.createDirectories(tree.resolve("app/target"));
        Path launcher = Files.copy(repo.resolve("snapledger"), tree.resolve("snapledger"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(jar, tree.resolve("app/target/snapledger.jar"));
        Path home = Files.createDirectories(dir.resolve("newcomer"));

        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "demo").directory(home.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("SNAPLEDGER_HOME");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(0, process.waitFor(), Files.readString(err, StandardCharsets.UTF_8));
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(printed.contains("base\n  |\n  +- branch\n"), printed);
        assertTrue(printed.contains("Removed "), printed);
        assertEquals("", Files.readString(err, StandardCharsets.UTF_8));
        assertTrue(Files.notExists(home.resolve(".snapledger")), "the demo touched the user's own home");
    }
}
