package io.snapledger.events.command;

import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.Require;

import java.util.List;

/**
 * Makes a domain known with its devices; refused if the domain exists.
 *
 * @param online true for a running QEMU reached over QMP, false for images on disk only
 */
public record DefineDomain(String domain, List<DeviceSpec> devices, boolean online, CommandMetadata meta)
        implements OperatorCommand {

    public DefineDomain {
        Require.nonBlank(domain, "domain");
        devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DeviceSpec::name, "devices");
        Require.nonNull(meta, "meta");
    }
}
