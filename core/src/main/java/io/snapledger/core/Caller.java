package io.snapledger.core;

import io.snapledger.events.command.CommandMetadata;

import java.util.Objects;
import java.util.UUID;

/**
 * Who asks the ledger for a change, recorded as the actor of every event it causes: the OS user
 * of a command run in-process, the authenticated user of a daemon's client.
 */
public record Caller(String user) {
    public Caller {
        Objects.requireNonNull(user, "user");
    }

    /** The user running this process. */
    public static Caller osUser() {
        return new Caller(System.getProperty("user.name", "unknown"));
    }

    /** The metadata of one command this caller sends: a new correlation id per operation. */
    public CommandMetadata meta(String reason) {
        return new CommandMetadata(user, reason, UUID.randomUUID());
    }
}
