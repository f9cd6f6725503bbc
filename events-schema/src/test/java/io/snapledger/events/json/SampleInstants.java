package io.snapledger.events.json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Instants over years 0000–9999 with every precision of the fraction, for the instant reader's and writer's tests. */
final class SampleInstants {
    static final long YEAR_0000 = -62_167_219_200L;
    static final long YEAR_9999_END = 253_402_300_799L;

    private SampleInstants() {
    }

    /** {@code count} instants, the same ones on every run: whole seconds, milli-, micro-, tenths and nanoseconds in turn. */
    static List<Instant> everyYearAndPrecision(int count) {
        Random random = new Random(20261122);
        List<Instant> instants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seconds = YEAR_0000 + (long) (random.nextDouble() * (YEAR_9999_END - YEAR_0000));
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                case 3 -> random.nextInt(10) * 100_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        return instants;
    }
}
