package io.snapledger.command.domain;

import java.util.UUID;

/**
 * Where the command side gets new identities (snapshot UUIDs, event ids). Injected so tests and
 * replays are deterministic; never {@code UUID.randomUUID()} inside the aggregate.
 */
@FunctionalInterface
public interface Identities {
    UUID newUuid();

    static Identities random() {
        return UUID::randomUUID;
    }
}
