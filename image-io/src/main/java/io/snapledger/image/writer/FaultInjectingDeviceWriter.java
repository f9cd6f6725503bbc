package io.snapledger.image.writer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fault injection for tests and drills: fails chosen steps of a {@link DeviceWriter} before or
 * after the real work, each fault once. Spelled {@code DEVICE:PHASE:WHEN[,…]}, e.g.
 * {@code vdb:prepare:after} (vdb does its work, then reports a failure) or {@code *:compensate:before}.
 */
public final class FaultInjectingDeviceWriter implements DeviceWriter {
    public enum Phase { PREPARE, COMMIT, COMPENSATE }

    public enum When { BEFORE, AFTER }

    /** One fault; device {@code *} matches any device. */
    public record Fault(String device, Phase phase, When when) {
        boolean matches(String onDevice, Phase inPhase, When at) {
            return (device.equals("*") || device.equals(onDevice)) && phase == inPhase && when == at;
        }

        @Override
        public String toString() {
            return device + ":" + phase.name().toLowerCase(Locale.ROOT) + ":" + when.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The failure a fault raises: an I/O error as a real disk would give. */
    public static final class InjectedFault extends IOException {
        public InjectedFault(Fault fault) {
            super("injected fault " + fault);
        }
    }

    private final DeviceWriter delegate;
    private final List<Fault> pending;

    public FaultInjectingDeviceWriter(DeviceWriter delegate, List<Fault> faults) {
        this.delegate = delegate;
        this.pending = new ArrayList<>(faults);
    }

    /** Adds faults for what comes next, e.g. after a test's set-up ran without any. */
    public synchronized void arm(List<Fault> faults) {
        pending.addAll(faults);
    }

    /** Parses {@code DEVICE:PHASE:WHEN[,…]}. */
    public static List<Fault> parse(String spec) {
        List<Fault> faults = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] f = part.trim().split(":");
            if (f.length != 3) {
                throw new IllegalArgumentException("a fault is DEVICE:PHASE:WHEN, e.g. vdb:prepare:after; got '" + part + "'");
            }
            faults.add(new Fault(f[0], Phase.valueOf(f[1].toUpperCase(Locale.ROOT)),
                    When.valueOf(f[2].toUpperCase(Locale.ROOT))));
        }
        return faults;
    }

    @Override
    public DeviceResult prepare(DeviceStep step) throws IOException {
        trip(step, Phase.PREPARE, When.BEFORE);
        DeviceResult result = delegate.prepare(step);
        trip(step, Phase.PREPARE, When.AFTER);
        return result;
    }

    @Override
    public DeviceResult commit(DeviceStep step) throws IOException {
        trip(step, Phase.COMMIT, When.BEFORE);
        DeviceResult result = delegate.commit(step);
        trip(step, Phase.COMMIT, When.AFTER);
        return result;
    }

    @Override
    public void compensate(DeviceStep step) throws IOException {
        trip(step, Phase.COMPENSATE, When.BEFORE);
        delegate.compensate(step);
        trip(step, Phase.COMPENSATE, When.AFTER);
    }

    private synchronized void trip(DeviceStep step, Phase phase, When when) throws InjectedFault {
        for (Fault fault : pending) {
            if (fault.matches(step.device(), phase, when)) {
                pending.remove(fault);
                throw new InjectedFault(fault);
            }
        }
    }
}
