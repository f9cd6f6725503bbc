package io.snapledger.core;


import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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

        ReadAhead.<Long>readAndApply(ReadAheadTest::pages, applied::addAll);

        assertEquals(PAGES, applied.size());
        for (int i = 0; i < PAGES; i++) {
            assertEquals(i + 1L, applied.get(i));
        }
    }

    @Test
    void givenAnApplierThatFails_whenReadAhead_thenItsFailureIsThrownAndTheReaderHasStopped() {
        IllegalStateException failure = new IllegalStateException("the projection is full");
        AtomicBoolean readerEnded = new AtomicBoolean();

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> ReadAhead.<Long>readAndApply(sink -> {
                    try {
                        pages(sink);
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

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> ReadAhead.<Long>readAndApply(sink -> {
                    sink.accept(List.of(1L));
                    throw new IllegalStateException("cannot read the event store: disk gone");
                }, applied::addAll));

        assertEquals("cannot read the event store: disk gone", thrown.getMessage());
        assertEquals(List.of(1L), applied);
    }

    /** {@value #PAGES} pages of one event number each, from 1. */
    private static void pages(ReadAhead.PageSink<Long> sink) throws InterruptedException {
        for (long i = 1; i <= PAGES; i++) {
            sink.accept(List.of(i));
        }
    }
}
