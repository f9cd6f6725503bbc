package io.snapledger.events.command;

import io.snapledger.events.model.Require;

/**
 * Sent for every domain when snapledger starts: a domain with an operation in flight records
 * that it resumes it; an idle one does nothing.
 */
public record ResumeOperation(String domain, CommandMetadata meta) implements OperatorCommand {

    public ResumeOperation {
        Require.nonBlank(domain, "domain");
        Require.nonNull(meta, "meta");
    }
}
