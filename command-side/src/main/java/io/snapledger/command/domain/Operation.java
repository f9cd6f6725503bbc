package io.snapledger.command.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The one operation a domain may have in flight, with the device work it still waits for. Work
 * items are device names (take, revert) or "snapshotUuid/device" (delete). Part of the Domain's
 * state checkpoint: a change to these fields changes the checkpoint's shape (see {@link Domain}).
 */
final class Operation {
    enum Kind { TAKE, REVERT, DELETE }

    /** Take: the work item of an external checkpoint's memory state file, besides its devices. */
    static final String MEMORY = "(memory)";

    final Kind kind;
    final UUID snapshotUuid;
    final UUID correlationId;
    final Set<String> pending;
    final Set<String> done;
    /** Delete: work items whose device checked it can drop them; revert: devices that let go of their way back. */
    final Set<String> ready;
    /** Revert: the layer each device will write to once the revert completes. */
    final Map<String, String> newActivePaths;
    String failure;

    Operation(Kind kind, UUID snapshotUuid, UUID correlationId, Set<String> work) {
        this(kind, snapshotUuid, correlationId, work, Set.of(), Set.of(), Map.of(), null);
    }

    /** An operation part way through: how a state checkpoint is read back, by the names its fields are written under. */
    @JsonCreator
    private Operation(@JsonProperty("kind") Kind kind, @JsonProperty("snapshotUuid") UUID snapshotUuid,
                      @JsonProperty("correlationId") UUID correlationId, @JsonProperty("pending") Set<String> pending,
                      @JsonProperty("done") Set<String> done, @JsonProperty("ready") Set<String> ready,
                      @JsonProperty("newActivePaths") Map<String, String> newActivePaths,
                      @JsonProperty("failure") String failure) {
        this.kind = kind;
        this.snapshotUuid = snapshotUuid;
        this.correlationId = correlationId;
        this.pending = new LinkedHashSet<>(pending);
        this.done = new LinkedHashSet<>(done);
        this.ready = new LinkedHashSet<>(ready);
        this.newActivePaths = new LinkedHashMap<>(newActivePaths);
        this.failure = failure;
    }

    void finished(String item) {
        if (pending.remove(item)) {
            done.add(item);
        }
    }

    boolean succeeded() {
        return pending.isEmpty() && failure == null;
    }

    String describe() {
        return kind.name().toLowerCase() + " of snapshot " + snapshotUuid;
    }

    /** Value equality, so Axon's fixture can tell a handler's state from the same state event-sourced. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Operation op && kind == op.kind && snapshotUuid.equals(op.snapshotUuid)
                && Objects.equals(correlationId, op.correlationId) && pending.equals(op.pending) && done.equals(op.done) && ready.equals(op.ready)
                && newActivePaths.equals(op.newActivePaths) && Objects.equals(failure, op.failure);
    }

    @Override
    public int hashCode() {
        return snapshotUuid.hashCode();
    }
}
