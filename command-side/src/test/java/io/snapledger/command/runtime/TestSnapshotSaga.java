package io.snapledger.command.runtime;

import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.model.DeviceLocation;

import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

import java.util.ArrayList;
import java.util.List;

/**
 * A saga stand-in that remembers what its start event said and reports it when it ends, so a
 * test sees whether its state came back from the saga store intact.
 */
public class TestSnapshotSaga {

    static final String PROCESSING_GROUP = "TestSnapshotSagaProcessor";

    private String domain;
    private String name;
    private List<DeviceLocation> locations = new ArrayList<>();

    @StartSaga
    @SagaEventHandler(associationProperty = "snapshotUuid")
    public void on(SnapshotStarted event, SagaProbe probe) {
        domain = event.domain();
        name = event.name();
        locations = new ArrayList<>(event.locations());
        probe.started(event.snapshotUuid());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "snapshotUuid")
    public void on(SnapshotAborted event, SagaProbe probe) {
        probe.ended(event.snapshotUuid(), new SagaProbe.Remembered(domain, name, locations));
    }
}
