package io.snapledger.app.ledger;

import io.snapledger.command.runtime.StoredEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainUndefined;
import io.snapledger.events.EventMetadata;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading ahead on a thread of its own: pages in order, and a failure on either side ends both. */
class ReadAheadTest {

    private static final int PAGES = 50;

    @Test
    void givenManyPages_whenReadAhead_thenEachIsAppliedOnceInOrder() throws InterruptedException {
        List<Long> applied = new ArrayList<>();

        ReadAhead.readAndApply(ReadAheadTest::pages, page -> page.forEach(stored -> applied.add(stored.globalIndex())));

        assertEquals(PAGES, applied.size());
        for (int i = 0; i < PAGES; i++) {
            assertEquals(i + 1L, applied.get(i));
        }
    }

    @Test
    void givenAnApplierThatFails_whenReadAhead_thenItsFailureIsThrownAndTheReaderHasStopped() {
        IllegalStateException failure = new IllegalStateException("the projection is full");
        AtomicBoolean readerEnded = new AtomicBoolean();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ReadAhead.readAndApply(sink -> {
            try {
                return pages(sink);
            } finally {
                readerEnded.set(true);
            }
        }, page -> {
            throw failure;
        }));

        assertSame(failure, thrown);
        assertTrue(readerEnded.get(), "readAndApply returns once the reader has ended");
    }

    @Test
    void givenAReaderThatFails_whenReadAhead_thenItsFailureIsThrownAfterThePagesBeforeIt() {
        List<Long> applied = new ArrayList<>();

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ReadAhead.readAndApply(sink -> {
            sink.accept(List.of(stored(1)));
            throw new IllegalStateException("cannot read the event store: disk gone");
        }, page -> page.forEach(stored -> applied.add(stored.globalIndex()))));

        assertEquals("cannot read the event store: disk gone", thrown.getMessage());
        assertEquals(List.of(1L), applied);
    }

    /** {@value #PAGES} pages of one event each, numbered from 1. */
    private static long pages(io.snapledger.command.runtime.StoredEventReader.PageSink sink) throws InterruptedException {
        for (int i = 1; i <= PAGES; i++) {
            sink.accept(List.of(stored(i)));
        }
        return PAGES;
    }

    private static StoredEvent stored(long index) {
        return new StoredEvent(index, 0, new DomainUndefined("vm" + index, new EventMetadata(new UUID(0, index),
                Instant.EPOCH, "test", null, new UUID(1, index))), null);
    }
}
