package io.snapledger.events.command;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.LiveState;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.List;

/**
 * Takes a snapshot of some or all of a domain's devices ({@code snapshot-create}).
 *
 * @param name     null: the aggregate generates a name that cannot collide
 * @param memory   null: the default (no when offline or disk-only, internal when online)
 * @param devices  plans for the devices the operator named ({@code --diskspec}); the aggregate
 *                 decides what an absent device means and records the resolved plan
 * @param diskOnly {@code --disk-only}: no memory state
 * @param minimumId null, or the smallest number free on every device: the caller read the devices'
 *                  qcow2 snapshot tables and found lower {@code id_str}s taken by snapshots made
 *                  outside snapledger, which the new snapshot's number must not collide with
 * @param observed what the caller saw of a live domain's QEMU when it sent this (running, paused,
 *                 shut off); null for a domain of images only. The aggregate decides from it.
 */
public record TakeSnapshot(String domain, @Nullable String name, @Nullable String description,
                           @Nullable MemoryPlan memory, List<DevicePlan> devices, boolean diskOnly,
                           @Nullable Long minimumId, @Nullable LiveState observed, CommandMetadata meta)
        implements OperatorCommand {

    public TakeSnapshot(String domain, String name, String description, MemoryPlan memory, List<DevicePlan> devices,
                        boolean diskOnly, Long minimumId, CommandMetadata meta) {
        this(domain, name, description, memory, devices, diskOnly, minimumId, null, meta);
    }

    public TakeSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nullOrNonBlank(name, "name");
        Require.nullOrNonBlank(description, "description");
        devices = Require.distinctBy(Require.listOf(devices, "devices"), DevicePlan::device, "devices");
        if (minimumId != null) {
            Require.positive(minimumId, "minimumId");
        }
        Require.nonNull(meta, "meta");
    }
}
