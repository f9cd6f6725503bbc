package io.snapledger.command.domain;

import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DomainLifecycleEvent.DeviceImageChanged;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortDeletion;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.RecordDeviceSnapshotDiscarded;
import io.snapledger.events.command.RecordDeviceSnapshotMerged;
import io.snapledger.events.command.SetCurrentSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DeviceLayers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Given.snap;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

/** libvirt's delete semantics: re-parenting, subtrees, where current goes. */
class DeleteTest extends DomainFixture {

    /** s1 ← s2 ← s3 (current), and s1 ← s4 (a branch). Numbers = ids. */
    private static List<Object> tree() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null),
                Given.internalSnapshot(2, "s2", snap(1)), Given.internalSnapshot(4, "s4", snap(1)),
                Given.internalSnapshot(3, "s3", snap(2)));
    }

    private static DeleteSnapshot delete(String snapshot, DeleteMode mode) {
        return new DeleteSnapshot(DOMAIN, snapshot, mode, BY_OPERATOR);
    }

    private static RecordDeviceSnapshotDiscarded discarded(int n, String device) {
        return new RecordDeviceSnapshotDiscarded(DOMAIN, snap(n), device, BY_OPERATOR);
    }

    private static final String OVERLAY = "/images/web01-vdb.e.qcow2";

    /** s1 internal on both disks, then e (current): vda internal, vdb external (vdb moves to its overlay). */
    private static List<Object> mixed() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null),
                Given.internalOnVdaExternalOnVdb(2, "e", snap(1), OVERLAY));
    }

    @Test
    void deletingAnExternalSnapshotGivesItsDeviceEveryFileHistoryKnowsThere() {
        fixture.given(mixed()).when(delete("e", DeleteMode.MERGE)).expectEventsMatching(payloadsMatching(
                exactSequenceOf(event(DeletionStarted.class, e -> e.work().size() == 2
                        && e.deviceLayers().equals(Map.of("vdb", new DeviceLayers(OVERLAY, List.of(OVERLAY, Given.VDB)))),
                        "vdb's files"), andNoMore())));
    }

    @Test
    void aMergeThatCommittedTheActiveOverlayMovesTheDeviceToTheFrozenImage() {
        fixture.given(mixed()).andGivenCommands(delete("e", DeleteMode.MERGE), discarded(2, "vda"))
                .when(new RecordDeviceSnapshotMerged(DOMAIN, snap(2), "vdb", Given.VDB, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotMerged.class),
                        event(DeviceImageChanged.class, e -> e.device().equals("vdb") && e.newPath().equals(Given.VDB),
                                "vdb back on its frozen image"),
                        event(SnapshotDeleted.class, e -> e.snapshotUuid().equals(snap(2)), "e gone"),
                        event(CurrentSnapshotSet.class, e -> e.snapshotUuid().equals(snap(1)), "current is s1"),
                        andNoMore())));
    }

    @Test
    void aMergeThatStreamedTheFrozenImageLeavesTheDeviceWhereItIs() {
        fixture.given(mixed()).andGivenCommands(delete("e", DeleteMode.MERGE), discarded(2, "vda"))
                .when(new RecordDeviceSnapshotMerged(DOMAIN, snap(2), "vdb", null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotMerged.class),
                        event(SnapshotDeleted.class, e -> e.snapshotUuid().equals(snap(2)), "e gone"),
                        event(CurrentSnapshotSet.class),
                        andNoMore())));
    }

    @Test
    void aDeleteAsksEveryDeviceToDropTheEntry() {
        fixture.given(tree()).when(delete("s2", DeleteMode.MERGE)).expectEventsMatching(payloadsMatching(
                exactSequenceOf(event(DeletionStarted.class, e -> e.affectedSnapshotUuids().equals(List.of(snap(2)))
                        && e.work().size() == 2, "s2 on both disks"), andNoMore())));
    }

    @Test
    void aPlainDeleteReparentsTheChildrenToTheParent() {
        fixture.given(tree()).andGivenCommands(delete("s2", DeleteMode.MERGE), discarded(2, "vda"))
                .when(discarded(2, "vdb")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotDiscarded.class),
                        event(ChildReparented.class, e -> e.childUuid().equals(snap(3))
                                && e.newParentUuid().equals(snap(1)), "s3 under s1"),
                        event(SnapshotDeleted.class, e -> e.snapshotUuid().equals(snap(2)), "s2 gone"),
                        andNoMore())));
    }

    @Test
    void deletingTheCurrentSnapshotMovesCurrentToItsParent() {
        fixture.given(tree()).andGivenCommands(delete("s3", DeleteMode.MERGE), discarded(3, "vda"))
                .when(discarded(3, "vdb")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotDiscarded.class), event(SnapshotDeleted.class),
                        event(CurrentSnapshotSet.class, e -> snap(2).equals(e.snapshotUuid())
                                && snap(3).equals(e.previousUuid()), "current s3 → s2"), andNoMore())));
    }

    @Test
    void deletingARootMakesItsChildrenRoots() {
        fixture.given(tree()).when(delete("s1", DeleteMode.METADATA)).expectEventsMatching(payloadsMatching(
                exactSequenceOf(event(DeletionStarted.class, e -> e.work().isEmpty(), "no device work"),
                        event(ChildReparented.class, e -> e.newParentUuid() == null, "s2 a root"),
                        event(ChildReparented.class, e -> e.newParentUuid() == null, "s4 a root"),
                        event(SnapshotDeleted.class), andNoMore())));
    }

    @Test
    void childrenModeDeletesTheSubtreeDeepestFirstAndMovesCurrentToTheParent() {
        fixture.given(tree()).andGivenCommands(delete("s2", DeleteMode.CHILDREN), discarded(3, "vda"),
                        discarded(3, "vdb"), discarded(2, "vda"))
                .when(discarded(2, "vdb")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotDiscarded.class),
                        event(SnapshotDeleted.class, e -> e.snapshotUuid().equals(snap(3)), "s3 first"),
                        event(SnapshotDeleted.class, e -> e.snapshotUuid().equals(snap(2)), "then s2"),
                        event(CurrentSnapshotSet.class, e -> snap(1).equals(e.snapshotUuid()), "current → s1"),
                        andNoMore())));
    }

    @Test
    void childrenModeLeavesCurrentAloneWhenItIsOutside() {
        fixture.given(tree()).andGivenCommands(delete("s4", DeleteMode.CHILDREN), discarded(4, "vda"))
                .when(discarded(4, "vdb")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotDiscarded.class), event(SnapshotDeleted.class), andNoMore())));
    }

    @Test
    void childrenOnlyKeepsTheNodeAndMakesItCurrentIfCurrentWasBelow() {
        fixture.given(tree()).andGivenCommands(delete("s2", DeleteMode.CHILDREN_ONLY), discarded(3, "vda"))
                .when(discarded(3, "vdb")).expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(DeviceSnapshotDiscarded.class),
                        event(SnapshotDeleted.class, e -> e.snapshotUuid().equals(snap(3)), "only s3"),
                        event(CurrentSnapshotSet.class, e -> snap(2).equals(e.snapshotUuid()), "current → s2"),
                        andNoMore())));
    }

    @Test
    void childrenOnlyOnALeafSucceedsAndDoesNothing() {
        fixture.given(tree()).when(delete("s4", DeleteMode.CHILDREN_ONLY)).expectEventsMatching(payloadsMatching(
                exactSequenceOf(event(DeletionStarted.class, e -> e.affectedSnapshotUuids().isEmpty(), "nothing"),
                        andNoMore())));
    }

    @Test
    void theDomainIsFreeAgainAfterALeafChildrenOnlyDelete() {
        fixture.given(tree()).andGivenCommands(delete("s4", DeleteMode.CHILDREN_ONLY))
                .when(new TakeSnapshot(DOMAIN, "s5", null, null, List.of(), false, null, BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotStarted.class), andNoMore())));
    }

    @Test
    void metadataDeleteTouchesNoDevice() {
        fixture.given(tree()).when(delete("s3", DeleteMode.METADATA)).expectEventsMatching(payloadsMatching(
                exactSequenceOf(event(DeletionStarted.class, e -> e.work().isEmpty(), "no device work"),
                        event(SnapshotDeleted.class), event(CurrentSnapshotSet.class), andNoMore())));
    }

    @Test
    void aSnapshotBeingDeletedCannotBeUsed() {
        fixture.given(tree()).andGivenCommands(delete("s2", DeleteMode.MERGE))
                .when(new SetCurrentSnapshot(DOMAIN, "s2", BY_OPERATOR)).expectException(DomainRuleException.class)
                .expectExceptionMessage(containsString("operation in progress"));
    }

    @Test
    void anAbortedDeletionKeepsTheSnapshots() {
        fixture.given(tree()).andGivenCommands(delete("s2", DeleteMode.MERGE))
                .when(new AbortDeletion(DOMAIN, snap(2), "vdb is locked", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(DeletionAborted.class,
                        e -> e.snapshotUuid().equals(snap(2)), "deletion of s2"), andNoMore())));
    }

    @Test
    void aDeviceReadyToDropIsRecordedOnce() {
        fixture.given(tree()).andGivenCommands(delete("s2", DeleteMode.MERGE),
                        new io.snapledger.events.command.RecordDeviceSnapshotDiscardReady(DOMAIN, snap(2), "vda",
                                BY_OPERATOR))
                .when(new io.snapledger.events.command.RecordDeviceSnapshotDiscardReady(DOMAIN, snap(2), "vda",
                        BY_OPERATOR))
                .expectNoEvents();
    }

    @Test
    void everyEventOfOneCommandHasItsOwnId() {
        fixture.given(tree()).when(delete("s1", DeleteMode.METADATA)).expectEventsMatching(
                new org.hamcrest.TypeSafeMatcher<java.util.List<? super org.axonframework.eventhandling.EventMessage<?>>>() {
                    @Override
                    protected boolean matchesSafely(java.util.List<? super org.axonframework.eventhandling.EventMessage<?>> events) {
                        java.util.Set<java.util.UUID> ids = new java.util.HashSet<>();
                        for (Object m : events) {
                            Object payload = ((org.axonframework.eventhandling.EventMessage<?>) m).getPayload();
                            ids.add(((io.snapledger.events.DomainEvent) payload).meta().eventId());
                        }
                        return events.size() > 1 && ids.size() == events.size();
                    }

                    @Override
                    public void describeTo(org.hamcrest.Description description) {
                        description.appendText("several events, each with its own event id");
                    }
                });
    }
}
