package io.snapledger.events.command;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Who asks and as part of which operation; copied into the metadata of the events a command
 * causes. The event id and time are not here: the command side fixes them when it records.
 *
 * @param actor         an operator name, or a component such as {@code snapshot-saga}
 * @param reason        the operator's free-text reason, if one was given
 * @param correlationId the operation: chosen by whoever starts it and carried by every command
 *                      and event of that operation
 */
public record CommandMetadata(String actor, @Nullable String reason, UUID correlationId) {

    public CommandMetadata {
        Require.nonBlank(actor, "actor");
        Require.nullOrNonBlank(reason, "reason");
        Require.nonNull(correlationId, "correlationId");
    }
}
