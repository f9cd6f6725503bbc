package io.snapledger.query;

import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The operation a domain has started and not yet ended, as its events tell it: the command side
 * allows one at a time per domain. A process that stopped in the middle of one leaves it here, so
 * opening a home asks only these domains to resume.
 *
 * @param kind         what the operation does
 * @param snapshotUuid the snapshot it takes, reverts to, or deletes
 * @param since        when it started (or, for one known only from its resumption, was resumed)
 */
public record OperationInFlight(Kind kind, UUID snapshotUuid, Instant since) {

    /** The kinds of operation, named as the command side names them ({@code take}, {@code revert}, {@code delete}). */
    public enum Kind {
        TAKE, REVERT, DELETE;

        /** The kind the command side calls {@code name}. */
        public static Kind named(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        /** The command side's name of the kind. */
        public String commandName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OperationInFlight {
        Require.nonNull(kind, "kind");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(since, "since");
    }
}
