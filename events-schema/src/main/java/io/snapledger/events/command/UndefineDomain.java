package io.snapledger.events.command;

import io.snapledger.events.model.Require;

/**
 * Drops a domain and its history from snapledger; its image files stay.
 */
public record UndefineDomain(String domain, CommandMetadata meta) implements OperatorCommand {

    public UndefineDomain {
        Require.nonBlank(domain, "domain");
        Require.nonNull(meta, "meta");
    }
}
