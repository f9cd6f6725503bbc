package io.snapledger.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wall-clock samples of one measured step and their median, and the process's CPU time over each
 * (all its threads, the garbage collector's too): on a machine others load as well, the CPU time
 * says what the step costs when the wall clock mostly says how long it waited for a core.
 */
final class Timer {
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final List<Double> seconds = new ArrayList<>();
    private final List<Double> cpuSeconds = new ArrayList<>();
    private final List<Double> stolenShares = new ArrayList<>();
    private final java.util.Map<String, Double> cpuSecondsByThread = new java.util.TreeMap<>();

    /** Runs {@code step}; keeps its time unless this is a warm-up iteration. */
    void time(boolean keep, Step step) throws Exception {
        ThreadCpu threads = ThreadCpu.start();
        HostSteal stealStart = HostSteal.now();
        long cpuStart = OS.getProcessCpuTime();
        double s = seconds(step);
        double cpu = (OS.getProcessCpuTime() - cpuStart) / 1e9;
        double stolen = HostSteal.now().shareSince(stealStart);
        java.util.Map<String, Double> byThread = threads.secondsByKind();
        if (Boolean.getBoolean("bench.verbose")) {
            System.err.printf("run: %.2f s wall, %.2f s CPU, %.0f%% stolen by the host, by thread %s%n", s, cpu,
                    stolen * 100, byThread);
        }
        if (keep) {
            seconds.add(s);
            cpuSeconds.add(cpu);
            stolenShares.add(stolen);
            byThread.forEach((kind, spent) -> cpuSecondsByThread.merge(kind, spent, Double::sum));
        }
    }

    /** Runs {@code before} (untimed) then {@code step}, {@code warmups + reps} times. */
    static Timer repeat(int warmups, int reps, Step before, Step step) throws Exception {
        Timer timer = new Timer();
        for (int i = 0; i < warmups + reps; i++) {
            before.run();
            timer.time(i >= warmups, step);
        }
        return timer;
    }

    static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The last kept run's wall-clock seconds, for progress lines. */
    double last() {
        return seconds.isEmpty() ? Double.NaN : seconds.get(seconds.size() - 1);
    }

    double median() {
        return median(seconds);
    }

    /** The median of the process CPU time the kept runs took. */
    double medianCpu() {
        return median(cpuSeconds);
    }

    /** The median share of the machine's CPU time its host took for other guests during the kept runs (NaN: unknown). */
    double medianStolen() {
        return median(stolenShares);
    }

    /** Per kind of thread (garbage collector, JIT compilers, the application's), the CPU seconds of an average kept run. */
    java.util.Map<String, Double> cpuPerRunByThread() {
        java.util.Map<String, Double> perRun = new java.util.TreeMap<>();
        cpuSecondsByThread.forEach((kind, total) -> perRun.put(kind, total / seconds.size()));
        return perRun;
    }

    /** The fastest kept run: what the step takes when the machine's other load leaves it alone most. */
    double best() {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double median(List<Double> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
