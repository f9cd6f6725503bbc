package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.command.UndefineDomain;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class DomainLifecycleTest extends DomainFixture {
    private static final DefineDomain DEFINE = new DefineDomain(DOMAIN,
            List.of(new DeviceSpec("vda", Given.VDA, ImageFormat.QCOW2)), false, BY_OPERATOR);

    @Test
    void definingANewDomainRecordsItsDevices() {
        fixture.givenNoPriorActivity().when(DEFINE).expectEventsMatching(payloadsMatching(exactSequenceOf(
                event(DomainDefined.class, e -> e.devices().size() == 1 && e.meta().actor().equals("alice"),
                        "one device, by alice"), andNoMore())));
    }

    @Test
    void definingADomainTwiceIsRefused() {
        fixture.given(Given.twoQcow2Disks()).when(DEFINE).expectException(DomainRuleException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already defined"));
    }

    @Test
    void aDomainCanBeDefinedAgainAfterUndefine() {
        fixture.given(Given.twoQcow2Disks(), new DomainUndefined(DOMAIN, Given.meta())).when(DEFINE)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DomainDefined.class), andNoMore())));
    }

    @Test
    void undefiningADomainWithSnapshotsIsRefused() {
        fixture.given(Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null)))
                .when(new UndefineDomain(DOMAIN, BY_OPERATOR)).expectException(DomainRuleException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("still has 1 snapshot"));
    }

    @Test
    void anUndefinedDomainTakesNoSnapshot() {
        fixture.given(Given.twoQcow2Disks(), new DomainUndefined(DOMAIN, Given.meta()))
                .when(new TakeSnapshot(DOMAIN, null, null, null, List.of(), false, null, BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is not defined"));
    }
}
