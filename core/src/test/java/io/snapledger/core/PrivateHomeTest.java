package io.snapledger.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A home holds the audit history and the daemon's secret: only its owner may enter it. */
class PrivateHomeTest {
    @TempDir
    Path dir;

    @Test
    void aNewHomeIsPrivateAndAnOpenOneIsTightened() throws IOException {
        Path created = dir.resolve("new");
        LocalLedger.open(created).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));

        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalLedger.open(open).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
    }
}
