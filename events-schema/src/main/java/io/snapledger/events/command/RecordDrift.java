package io.snapledger.events.command;

import io.snapledger.events.model.Require;

/**
 * Records what reconcile found changed on disk without snapledger.
 *
 * @param kind a stable lower-case code, see {@code DriftDetected}
 */
public record RecordDrift(String domain, String device, String kind, String detail, CommandMetadata meta)
        implements OperatorCommand {

    public RecordDrift {
        Require.nonBlank(domain, "domain");
        Require.nonBlank(device, "device");
        Require.nonBlank(kind, "kind");
        Require.nonBlank(detail, "detail");
        Require.nonNull(meta, "meta");
    }
}
