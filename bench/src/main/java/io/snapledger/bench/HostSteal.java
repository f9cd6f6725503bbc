package io.snapledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The share of the machine's CPU time its host took for other guests ("steal" in {@code
 * /proc/stat}) between two readings. On a virtual machine a run that lost a third of its cores
 * this way measures the neighbours, not the code, so the benchmarks report it beside the times.
 */
record HostSteal(long steal, long total) {
    private static final Path STAT = Path.of("/proc/stat");

    /** Now; zero counters where the kernel does not tell (the share is then unknown). */
    static HostSteal now() {
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal (guest time is inside user)
            long total = 0;
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new HostSteal(fields.length > 8 ? Long.parseLong(fields[8]) : 0, total);
        } catch (IOException | RuntimeException e) {
            return new HostSteal(0, 0);
        }
    }

    /** The stolen share of all CPU time since {@code earlier}, 0 to 1, or NaN if unknown. */
    double shareSince(HostSteal earlier) {
        long elapsed = total - earlier.total;
        return elapsed <= 0 ? Double.NaN : (double) (steal - earlier.steal) / elapsed;
    }
}
