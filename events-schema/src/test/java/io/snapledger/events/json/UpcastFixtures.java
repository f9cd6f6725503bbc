package io.snapledger.events.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Stored JSON of older revisions, kept under {@code src/test/resources/upcast}. */
final class UpcastFixtures {
    private UpcastFixtures() {
    }

    static String read(String name) {
        try (InputStream in = EventJson.class.getResourceAsStream("/upcast/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture upcast/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
