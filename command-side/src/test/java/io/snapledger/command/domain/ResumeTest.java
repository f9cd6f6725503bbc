package io.snapledger.command.domain;

import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.command.ResumeOperation;
import io.snapledger.events.command.TakeSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class ResumeTest extends DomainFixture {

    @Test
    void anIdleDomainHasNothingToResume() {
        fixture.given(Given.twoQcow2Disks()).when(new ResumeOperation(DOMAIN, BY_OPERATOR)).expectNoEvents()
                .expectResultMessagePayload(null);
    }

    @Test
    void anOperationInFlightIsResumedAndRecorded() {
        fixture.given(Given.twoQcow2Disks())
                .andGivenCommands(new TakeSnapshot(DOMAIN, "s", null, null, List.of(), false, null, BY_OPERATOR))
                .when(new ResumeOperation(DOMAIN, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(OperationResumed.class,
                        e -> e.kind().equals("take") && e.snapshotUuid().equals(new UUID(0, 1)), "the take"),
                        andNoMore())))
                .expectResultMessagePayload(new ResumedOperation(new UUID(0, 1), "take", List.of()));
    }
}
