package io.snapledger.command.domain;

import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.command.SetCurrentSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.snapledger.command.domain.Given.BY_OPERATOR;
import static io.snapledger.command.domain.Given.DOMAIN;
import static io.snapledger.command.domain.Given.snap;
import static io.snapledger.command.domain.Then.event;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;

class EditTest extends DomainFixture {
    private static List<Object> two() {
        return Given.concat(List.of(Given.twoQcow2Disks()), Given.internalSnapshot(1, "s1", null),
                Given.internalSnapshot(2, "s2", snap(1)));
    }

    @Test
    void renameIsOneEvent() {
        fixture.given(two()).when(new RenameSnapshot(DOMAIN, "s1", "base", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotRenamed.class,
                        e -> e.oldName().equals("s1") && e.newName().equals("base"), "s1 → base"), andNoMore())));
    }

    @Test
    void renameOntoAnExistingNameIsRefused() {
        fixture.given(two()).when(new RenameSnapshot(DOMAIN, "s1", "s2", BY_OPERATOR))
                .expectException(DomainRuleException.class).expectExceptionMessage(containsString("named 's2'"));
    }

    @Test
    void describeRecordsTheText() {
        fixture.given(two()).when(new DescribeSnapshot(DOMAIN, "s2", "before upgrade", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(SnapshotDescribed.class,
                        e -> "before upgrade".equals(e.description()), "the text"), andNoMore())));
    }

    @Test
    void currentCanBeSetExplicitly() {
        fixture.given(two()).when(new SetCurrentSnapshot(DOMAIN, "s1", BY_OPERATOR))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(event(CurrentSnapshotSet.class,
                        e -> snap(1).equals(e.snapshotUuid()) && snap(2).equals(e.previousUuid()), "s2 → s1"),
                        andNoMore())));
    }
}
