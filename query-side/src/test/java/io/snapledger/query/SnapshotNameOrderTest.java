package io.snapledger.query;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotNameOrderTest {

    private static List<String> sorted(String... names) {
        List<String> list = new ArrayList<>(List.of(names));
        Collections.shuffle(list, new java.util.Random(7));
        list.sort(SnapshotNameOrder.INSTANCE);
        return list;
    }

    @Test
    void asVirshListsThemAsciiLettersFoldedToLowerCase() {
        assertEquals(List.of("10", "_u", "a2", "Alpha", "b", "c1", "root", "Zed"),
                sorted("root", "b", "Alpha", "c1", "Zed", "a2", "_u", "10"));
    }

    @Test
    void namesThatDifferOnlyInCaseStillHaveAnOrder() {
        assertEquals(List.of("A", "a", "B", "b"), sorted("b", "a", "B", "A"));
        assertTrue(SnapshotNameOrder.INSTANCE.compare("A", "a") < 0);
    }

    @Test
    void aPrefixComesFirstAndNonAsciiByCodePoint() {
        assertEquals(List.of("snap", "snap1", "snapA", "zz", "é", "\uD83D\uDE00"),
                sorted("\uD83D\uDE00", "é", "zz", "snapA", "snap1", "snap"));
    }
}
