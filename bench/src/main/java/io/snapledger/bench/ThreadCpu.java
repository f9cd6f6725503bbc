package io.snapledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU time each kind of thread spent during a step (the garbage collector's, the JIT
 * compilers', each of the application's), from {@code /proc/self/task} (Linux only; elsewhere
 * empty). Threads that end within the step (a rebuild's reader and loader) take their time
 * with them, so the threads are read every 50 ms while the step runs, and each keeps the last
 * time seen.
 */
final class ThreadCpu implements AutoCloseable {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private static final long PERIOD_MILLIS = 50;

    private final Map<String, Long> startTicks = ticksByThread();
    private final Map<String, Long> lastTicks = new HashMap<>(startTicks);
    private final Thread sampler;
    private volatile boolean running = true;

    private ThreadCpu() {
        sampler = new Thread(this::sample, "bench-thread-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    private void sample() {
        while (running) {
            synchronized (lastTicks) {
                lastTicks.putAll(ticksByThread());
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling; the seconds of CPU per kind of thread since the start. */
    Map<String, Double> secondsByKind() {
        close();
        Map<String, Double> seconds = new TreeMap<>();
        synchronized (lastTicks) {
            lastTicks.putAll(ticksByThread());
            lastTicks.forEach((thread, ticks) -> {
                long spent = ticks - startTicks.getOrDefault(thread, 0L);
                if (spent > 0) {
                    seconds.merge(kind(thread.substring(thread.indexOf(' ') + 1)), spent / TICKS_PER_SECOND,
                            Double::sum);
                }
            });
        }
        return seconds;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** utime + stime per thread, keyed "tid name". */
    private static Map<String, Long> ticksByThread() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                String stat = read(task.resolve("stat"));
                if (!stat.isEmpty()) {
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                }
            });
        } catch (IOException | RuntimeException notLinux) {
            return Map.of();
        }
        return ticks;
    }

    private static String kind(String threadName) {
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "GC";
        }
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (threadName.startsWith("snapledger-") || threadName.equals("main")) {
            return threadName;
        }
        return threadName.startsWith("rocksdb") ? "rocksdb" : "other";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException gone) {
            return ""; // the thread ended meanwhile
        }
    }
}
