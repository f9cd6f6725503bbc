package io.snapledger.daemon;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The request the launcher sends, read as the daemon reads it. */
class RequestTest {

    private static Request read(String fields) throws IOException {
        return Request.read(new ByteArrayInputStream(fields.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyFieldArrivesAsTheShellPassedIt() throws IOException {
        Request request = read("1\0s3cret\0/work dir\0/home/a\0" + "1\0" + "3\0snapshot-edit\0vm\0--description=a\nb c\0");

        assertEquals("s3cret", request.secret());
        assertEquals(Path.of("/work dir"), request.workingDirectory());
        assertEquals(Path.of("/home/a"), request.home());
        assertEquals(true, request.stderrIsTerminal());
        assertEquals(List.of("snapshot-edit", "vm", "--description=a\nb c"), request.args());
    }

    @Test
    void aRequestCutShortOrTooLongOrOfAnotherVersionIsNoRequest() {
        assertEquals("the request ended early",
                assertThrows(IOException.class, () -> read("1\0secret\0/w\0/h\0" + "0\0" + "2\0a\0")).getMessage());
        assertEquals("the request is longer than any command line", assertThrows(IOException.class,
                () -> read("1\0secret\0/w\0/h\0" + "0\0" + "1\0" + "x".repeat(2 << 20) + "\0")).getMessage());
        assertEquals("unknown request version '2'", assertThrows(IOException.class, () -> read("2\0")).getMessage());
        assertEquals("bad argument count -1",
                assertThrows(IOException.class, () -> read("1\0s\0/w\0/h\0" + "0\0" + "-1\0")).getMessage());
    }
}
