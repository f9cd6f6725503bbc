package io.snapledger.command.live;

import io.snapledger.events.model.LiveRevert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link LiveWriter}'s twin for tests and drills: fails chosen steps before or after the real
 * work, each fault once. Spelled {@code STEP:WHEN[,…]}, e.g. {@code save:after} (QEMU took the
 * snapshot, then the step reports a failure, as if the connection broke at that moment: the
 * saga's compensation must remove it) or {@code load:before}.
 */
public final class FaultInjectingLiveWriter implements LiveWriter {
    public enum Step { SAVE, UNSAVE, LOAD, DELETE, SWITCH, UNSWITCH, CHECKPOINT, UNCHECKPOINT }

    public enum When { BEFORE, AFTER }

    public record Fault(Step step, When when) {
        @Override
        public String toString() {
            return step.name().toLowerCase(Locale.ROOT) + ":" + when.name().toLowerCase(Locale.ROOT);
        }
    }

    private final LiveWriter delegate;
    private final List<Fault> pending = new ArrayList<>();

    public FaultInjectingLiveWriter(LiveWriter delegate) {
        this.delegate = delegate;
    }

    /** Adds faults for what comes next. */
    public synchronized FaultInjectingLiveWriter arm(String spec) {
        for (String part : spec.split(",")) {
            String[] f = part.trim().split(":");
            if (f.length != 2) {
                throw new IllegalArgumentException("a live fault is STEP:WHEN, e.g. save:after; got '" + part + "'");
            }
            pending.add(new Fault(Step.valueOf(f[0].toUpperCase(Locale.ROOT)), When.valueOf(f[1].toUpperCase(Locale.ROOT))));
        }
        return this;
    }

    @Override
    public Saved save(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException {
        trip(Step.SAVE, When.BEFORE);
        Saved saved = delegate.save(domain, tag, devices, jobId, progress);
        trip(Step.SAVE, When.AFTER);
        return saved;
    }

    @Override
    public void unsave(String domain, String tag, List<String> devices, Instant notBefore, String jobId,
                       JobProgress progress) throws LiveWriteException {
        trip(Step.UNSAVE, When.BEFORE);
        delegate.unsave(domain, tag, devices, notBefore, jobId, progress);
        trip(Step.UNSAVE, When.AFTER);
    }

    @Override
    public void load(String domain, LiveRevert revert, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException {
        trip(Step.LOAD, When.BEFORE);
        delegate.load(domain, revert, devices, jobId, progress);
        trip(Step.LOAD, When.AFTER);
    }

    @Override
    public void delete(String domain, String tag, List<String> devices, String jobId, JobProgress progress)
            throws LiveWriteException {
        trip(Step.DELETE, When.BEFORE);
        delegate.delete(domain, tag, devices, jobId, progress);
        trip(Step.DELETE, When.AFTER);
    }

    @Override
    public void switchOverlays(String domain, List<Overlay> overlays, JobProgress progress) throws LiveWriteException {
        trip(Step.SWITCH, When.BEFORE);
        delegate.switchOverlays(domain, overlays, progress);
        trip(Step.SWITCH, When.AFTER);
    }

    @Override
    public void unswitchOverlays(String domain, List<Overlay> overlays, String jobId, JobProgress progress)
            throws LiveWriteException {
        trip(Step.UNSWITCH, When.BEFORE);
        delegate.unswitchOverlays(domain, overlays, jobId, progress);
        trip(Step.UNSWITCH, When.AFTER);
    }

    @Override
    public long checkpoint(String domain, java.nio.file.Path memoryFile, List<Overlay> overlays, String jobId,
                           JobProgress progress) throws LiveWriteException {
        trip(Step.CHECKPOINT, When.BEFORE);
        long size = delegate.checkpoint(domain, memoryFile, overlays, jobId, progress);
        trip(Step.CHECKPOINT, When.AFTER);
        return size;
    }

    @Override
    public void uncheckpoint(String domain, java.nio.file.Path memoryFile, List<Overlay> overlays, String jobId,
                             JobProgress progress) throws LiveWriteException {
        trip(Step.UNCHECKPOINT, When.BEFORE);
        delegate.uncheckpoint(domain, memoryFile, overlays, jobId, progress);
        trip(Step.UNCHECKPOINT, When.AFTER);
    }

    private synchronized void trip(Step step, When when) throws LiveWriteException {
        for (Fault fault : pending) {
            if (fault.step() == step && fault.when() == when) {
                pending.remove(fault);
                throw new LiveWriteException("INJECTED", "injected fault " + fault);
            }
        }
    }
}
