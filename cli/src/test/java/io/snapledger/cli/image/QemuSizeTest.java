package io.snapledger.cli.image;

import io.snapledger.cli.BadUsageException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QemuSizeTest {
    @Test
    void parsesQemuSuffixes() {
        assertEquals(512, QemuSize.parse("512", "size"));
        assertEquals(512, QemuSize.parse("512b", "size"));
        assertEquals(64 << 10, QemuSize.parse("64k", "size"));
        assertEquals(64 << 10, QemuSize.parse("64K", "size"));
        assertEquals(3L << 20, QemuSize.parse("3M", "size"));
        assertEquals(3L << 29, QemuSize.parse("1.5G", "size"));
        assertEquals(2L << 40, QemuSize.parse("2T", "size"));
        assertEquals(1L << 60, QemuSize.parse("1E", "size"));
    }

    @Test
    void refusesWhatQemuRefuses() {
        for (String bad : new String[] {"", "-1", "12X", "1.5", "0.1k", "M", "10 G", "9E"}) {
            assertThrows(BadUsageException.class, () -> QemuSize.parse(bad, "size"), bad);
        }
    }

    @Test
    void printsLikeQemusSizeToStr() {
        assertEquals("0 B", QemuSize.human(0));
        assertEquals("999 B", QemuSize.human(999));
        assertEquals("0.977 KiB", QemuSize.human(1000));
        assertEquals("1 KiB", QemuSize.human(1024));
        assertEquals("4 MiB", QemuSize.human(4 << 20));
        assertEquals("1.26 MiB", QemuSize.human(1323008));
        assertEquals("1.5 GiB", QemuSize.human(3L << 29));
        assertEquals("10 GiB", QemuSize.human(10L << 30));
        assertEquals("8 EiB", QemuSize.human(Long.MAX_VALUE));
    }
}
