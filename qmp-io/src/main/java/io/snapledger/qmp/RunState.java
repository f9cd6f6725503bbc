package io.snapledger.qmp;

/**
 * {@code query-status}: {@code running}, {@code paused} (after stop), {@code postmigrate} (after
 * a completed outgoing migration; {@code cont} runs it again), {@code inmigrate} (waiting for or
 * loading an incoming state), {@code prelaunch} (started with -S), ...
 */
public record RunState(String status, boolean running) {
}
