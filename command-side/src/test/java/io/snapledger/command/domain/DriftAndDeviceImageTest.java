package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.ReconcileEvent.DriftDetected;
import io.snapledger.events.command.RecordDrift;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.SetDeviceImage;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.ImageFormat;
import org.junit.jupiter.api.Test;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

class DriftAndDeviceImageTest extends DomainFixture {
    private static final String BASE = "/images/web01-vda.base.qcow2";

    @Test
    void driftIsRecordedAsItWasFound() {
        fixture.given(Given.twoQcow2Disks())
                .when(new RecordDrift(DOMAIN, "vda", "snapshot-missing", "s1 is gone from vda.qcow2", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DriftDetected.class,
                        e -> e.device().equals("vda") && e.kind().equals("snapshot-missing"), "drift on vda"),
                        andNoMore())));
    }

    @Test
    void driftOnADeviceTheDomainDoesNotHaveIsRefused() {
        fixture.given(Given.twoQcow2Disks())
                .when(new RecordDrift(DOMAIN, "vdz", "image-missing", "gone", BY_OPERATOR))
                .expectException(DomainRuleException.class).expectExceptionMessage(containsString("no device vdz"));
    }

    @Test
    void settingADevicesImageMovesItsActiveLayer() {
        fixture.given(Given.twoQcow2Disks())
                .when(new SetDeviceImage(DOMAIN, "vda", BASE, ImageFormat.QCOW2, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DeviceImageChanged.class,
                        e -> e.oldPath().equals(Given.VDA) && e.newPath().equals(BASE), "vda → base"), andNoMore())));
    }

    @Test
    void settingTheImageADeviceHasAlreadyRecordsNothing() {
        fixture.given(Given.twoQcow2Disks())
                .when(new SetDeviceImage(DOMAIN, "vda", Given.VDA, ImageFormat.QCOW2, BY_OPERATOR))
                .expectNoEvents();
    }

    @Test
    void aSnapshotImportedWhileTheDeviceStoodElsewhereStaysThere() {
        fixture.given(Given.twoQcow2Disks(),
                        new DeviceImageChanged(DOMAIN, "vda", Given.VDA, BASE, ImageFormat.QCOW2, Given.meta()),
                        Given.imported(1, "s1", null, DevicePlan.internal("vda")),
                        new DeviceImageChanged(DOMAIN, "vda", BASE, Given.VDA, ImageFormat.QCOW2, Given.meta()))
                .when(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("'s1' was taken inside " + BASE));
    }
}
