package io.snapledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU time the JVM's own threads spent (garbage collectors, JIT compilers), read from
 * {@code /proc/self/task} (Linux only; elsewhere empty). The application's worker threads come
 * and go with each run, so their share is the process's total minus these long-lived ones.
 */
final class VmThreadCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private VmThreadCpu() {
    }

    /** Seconds of CPU per kind of VM thread so far: "GC" and "JIT". */
    static Map<String, Double> now() {
        Map<String, Double> seconds = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                String kind = kind(read(task.resolve("comm")).strip());
                if (kind != null) {
                    seconds.merge(kind, cpuSeconds(read(task.resolve("stat"))), Double::sum);
                }
            });
        } catch (IOException | RuntimeException notLinux) {
            return Map.of();
        }
        return seconds;
    }

    private static String kind(String threadName) {
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "GC";
        }
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return "JIT";
        }
        return null;
    }

    /** utime + stime, fields 14 and 15 of the stat line, counted after the command's closing parenthesis. */
    private static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return ""; // the thread ended meanwhile
        }
    }
}
