package io.snapledger.core;

import java.time.Duration;

/**
 * Counts the commits that stored events, and lets a thread wait for the next one: a command
 * waiting for its operation's end reads the event store when something was stored, not on a timer.
 */
final class EventSignal {
    private long count;

    synchronized void signal() {
        count++;
        notifyAll();
    }

    synchronized long count() {
        return count;
    }

    /** Waits until a commit after {@code seen} was counted, or {@code timeout} passed. */
    synchronized void awaitAfter(long seen, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (count == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the operation", e);
        }
    }
}
