package io.snapledger.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Wall-clock samples of one measured step and their median. */
final class Timer {
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final List<Double> seconds = new ArrayList<>();

    /** Runs {@code step}; keeps its time unless this is a warm-up iteration. */
    void time(boolean keep, Step step) throws Exception {
        double s = seconds(step);
        if (keep) {
            seconds.add(s);
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

    double median() {
        if (seconds.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
