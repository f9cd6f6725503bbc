package io.snapledger.events.command;

import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.Require;

import java.util.List;

/**
 * Makes a domain known with its devices; refused if the domain exists.
 *
 * @param online true for a running QEMU reached over QMP, false for images on disk only
 * @param qemu   how snapledger reaches the domain's QEMU, for a live domain; null for images only
 */
public record DefineDomain(String domain, List<DeviceSpec> devices, boolean online, @Nullable QemuLink qemu,
                           CommandMetadata meta) implements OperatorCommand {

    public DefineDomain(String domain, List<DeviceSpec> devices, boolean online, CommandMetadata meta) {
        this(domain, devices, online, null, meta);
    }

    public DefineDomain {
        Require.nonBlank(domain, "domain");
        devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DeviceSpec::name, "devices");
        Require.nonNull(meta, "meta");
    }
}
