package io.snapledger.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files committed to pin a wire format (golden payloads, schema files), compared as text.
 * A test run only compares. Setting the named system property rewrites the files from the code
 * instead, e.g. {@code mvn -pl events-schema verify -Dsnapledger.regenerate.golden=true}; the diff
 * is then reviewed like any other change.
 */
public final class PinnedFiles {

    private PinnedFiles() {
    }

    /** The module directory: Surefire sets {@code basedir}; an IDE usually runs in it. */
    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** Pretty JSON with one layout on every platform: two spaces, LF, arrays one item per line. */
    public static ObjectWriter prettyWriter(ObjectMapper mapper) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return mapper.writer(printer);
    }

    public static String pretty(ObjectMapper mapper, Object value) {
        try {
            return prettyWriter(mapper).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that the file holds exactly {@code expected}; or writes it when the regeneration
     * property is set.
     */
    public static void assertPinned(Path file, String expected, String regenerateProperty) {
        if (Boolean.getBoolean(regenerateProperty)) {
            write(file, expected);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError(file + " is missing; create it deliberately with -D"
                    + regenerateProperty + "=true and review it");
        }
        assertEquals(expected, read(file), file + " differs from what the code produces now; if the change "
                + "is intended, rerun with -D" + regenerateProperty + "=true and review the diff");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
