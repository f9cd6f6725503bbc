package io.snapledger.command.domain;

import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.RedefineSnapshot;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.MemoryPlan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Given.NOW;
import static io.snapledger.command.domain.Given.TAKEN_EARLIER;
import static io.snapledger.command.domain.Given.snap;
import static io.snapledger.command.domain.TakeSnapshotTest.take;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

class RedefineSnapshotTest extends DomainFixture {
    private static final DevicePlan[] BOTH_INTERNAL = {DevicePlan.internal("vda"), DevicePlan.internal("vdb")};

    /** s1 ← s2 ← s3, s3 current. */
    private static List<Object> chain() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null),
                Given.internalSnapshot(2, "s2", snap(1)), Given.internalSnapshot(3, "s3", snap(2)));
    }

    private static RedefineSnapshot redefine(String name, String parent) {
        return new RedefineSnapshot(DOMAIN, snap(9), name, null, parent, null, null, List.of(), BY_OPERATOR);
    }

    private static RedefineSnapshot redefine(String name, String description, Instant creationTime,
                                             DevicePlan... plans) {
        return new RedefineSnapshot(DOMAIN, snap(9), name, description, null, creationTime, null, List.of(plans),
                BY_OPERATOR);
    }

    /** What a redefinition of {@code n} under {@code parent} records, the rest of it as taken. */
    private static SnapshotImported redefined(int n, String name, UUID parent, MemoryPlan memory) {
        return new SnapshotImported(DOMAIN, snap(n), n, name, null, parent, NOW, memory, List.of(BOTH_INTERNAL),
                ImportSource.REDEFINE, Given.meta());
    }

    @Test
    void aKnownNameGetsANewDescriptionInPlace() {
        fixture.given(chain()).when(redefine("s1", "golden image", TAKEN_EARLIER))
                .expectResultMessagePayload(snap(1))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotDescribed.class,
                        e -> e.snapshotUuid().equals(snap(1)) && "golden image".equals(e.description()),
                        "s1 described"), andNoMore())));
    }

    @Test
    void aRedefinitionKeepsTheUuidNumberParentAndOriginalCreationTime() {
        fixture.given(chain()).when(redefine("s2", null, TAKEN_EARLIER, DevicePlan.internal("vda")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> e.snapshotUuid().equals(snap(2)) && e.id() == 2 && snap(1).equals(e.parentUuid())
                                && e.creationTime().equals(NOW) && e.source() == ImportSource.REDEFINE
                                && e.devices().equals(List.of(DevicePlan.internal("vda"), DevicePlan.excluded("vdb"))),
                        "s2 as it was, on vda only"), andNoMore())));
    }

    @Test
    void aRedefinitionThatChangesNothingRecordsNothing() {
        fixture.given(chain()).when(redefine("s1", null, null, BOTH_INTERNAL))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aRedefinitionCanMoveASnapshotUnderAnotherParent() {
        fixture.given(chain()).when(redefine("s3", "s1"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> e.snapshotUuid().equals(snap(3)) && snap(1).equals(e.parentUuid()), "s3 under s1"),
                        andNoMore())));
    }

    @Test
    void aMovedSnapshotTakesItsChildrenAlong() {
        fixture.given(Given.concat(chain(), List.of(Given.imported(4, "s0", null, BOTH_INTERNAL),
                        redefined(2, "s2", snap(4), MemoryPlan.none()))))
                .when(redefine("s0", "s3"))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("'s3' descends from 's0'"));
    }

    @Test
    void aParentBelowTheSnapshotIsRefused() {
        fixture.given(chain()).when(redefine("s1", "s3"))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("'s3' descends from 's1', so it cannot become its parent"));
    }

    @Test
    void aSnapshotCannotBeItsOwnParent() {
        fixture.given(chain()).when(redefine("s2", "s2"))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("'s2' cannot be its own parent"));
    }

    @Test
    void anUnknownParentIsRefused() {
        fixture.given(chain()).when(redefine("s2", "nope"))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("has no snapshot 'nope'"));
    }

    @Test
    void anUnknownNameDefinesANewSnapshot() {
        fixture.given(chain())
                .when(new RedefineSnapshot(DOMAIN, snap(9), "restored", "from backup", "s1", TAKEN_EARLIER, null,
                        List.of(DevicePlan.internal("vda")), BY_OPERATOR))
                .expectResultMessagePayload(snap(9))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> e.snapshotUuid().equals(snap(9)) && e.id() == 4 && e.name().equals("restored")
                                && "from backup".equals(e.description()) && snap(1).equals(e.parentUuid())
                                && e.creationTime().equals(TAKEN_EARLIER) && e.memory().mode() == MemoryMode.NO
                                && e.source() == ImportSource.REDEFINE,
                        "a new snapshot under s1, number 4"), andNoMore())));
    }

    @Test
    void aNewDefinitionWithoutACreationTimeIsDatedNow() {
        fixture.given(chain()).when(redefine("restored", null, null, DevicePlan.internal("vda")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotImported.class,
                        e -> e.creationTime().equals(NOW), "dated now"), andNoMore())));
    }

    @Test
    void aNewDefinitionCannotTakeAKnownUuid() {
        fixture.given(chain())
                .when(new RedefineSnapshot(DOMAIN, snap(1), "other", null, null, null, null, List.of(), BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("is already known to domain web01 as 's1'"));
    }

    @Test
    void aRedefinitionWaitsForTheOperationInFlight() {
        fixture.given(chain()).andGivenCommands(take("s4")).when(redefine("s1", "golden image", null))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("operation in progress"));
    }

    @Test
    void aRedefinedCurrentSnapshotStaysCurrent() {
        fixture.given(Given.concat(chain(), List.of(redefined(3, "s3", snap(1), MemoryPlan.none()))))
                .when(take("s4")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(SnapshotStarted.class, e -> snap(3).equals(e.parentUuid()), "parent s3"), andNoMore())));
    }

    @Test
    void aRedefinitionKeepsWhereUnchangedPartsLive() {
        String movedVda = "/images/web01-vda.later.qcow2";
        fixture.given(Given.concat(chain(), List.of(
                        new DeviceImageChanged(DOMAIN, "vda", Given.VDA, movedVda, ImageFormat.QCOW2, Given.meta()),
                        redefined(1, "s1", null, MemoryPlan.external("/images/web01.s1.mem")))))
                .when(new RevertToSnapshot(DOMAIN, "s1", BY_OPERATOR))
                .expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("since snapshot 's1' was taken inside " + Given.VDA));
    }
}
