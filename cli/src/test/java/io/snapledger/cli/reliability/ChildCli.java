package io.snapledger.cli.reliability;

import io.snapledger.cli.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The snapledger CLI in a child JVM on this test's class path, with tracing on: it prints a line
 * when its command goes in, so a test can act while the child holds the home (kill it, stop it).
 */
public final class ChildCli {
    private ChildCli() {
    }

    public static Process start(Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--home", home.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SNAPLEDGER_TRACE", "1");
        return builder.start();
    }

    /** Counts down when the child sends its first command, and notes when in {@code sentAt[0]} (nanoTime). */
    static CountDownLatch watchForMarker(Process child, long[] sentAt) {
        return watchForMarker(child, sentAt, "snapledger-trace: sending");
    }

    /** Counts down at the child's first line starting with {@code marker}, and notes when in {@code sentAt[0]}. */
    public static CountDownLatch watchForMarker(Process child, long[] sentAt, String marker) {
        return watch(child, sentAt, marker);
    }

    private static CountDownLatch watch(Process child, long[] sentAt, String prefix) {
        CountDownLatch marker = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith(prefix) && marker.getCount() > 0) {
                        sentAt[0] = System.nanoTime();
                        marker.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the child died: that may be the point
            }
        });
        reader.setDaemon(true);
        reader.start();
        return marker;
    }
}
