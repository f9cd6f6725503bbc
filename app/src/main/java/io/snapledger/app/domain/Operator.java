package io.snapledger.app.domain;

import io.snapledger.events.command.CommandMetadata;

import java.util.UUID;

/** Who runs a command from this CLI, recorded with every event it causes. */
public final class Operator {
    private Operator() {
    }

    /** The OS user, and a new correlation id for the operation this command starts. */
    public static CommandMetadata meta(String reason) {
        String user = System.getProperty("user.name", "unknown");
        return new CommandMetadata(user, reason, UUID.randomUUID());
    }
}
