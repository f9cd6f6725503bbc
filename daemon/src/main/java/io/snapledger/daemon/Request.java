package io.snapledger.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's command line, as the launcher script sends it: NUL-terminated UTF-8 fields, so any
 * argument a shell can pass arrives as it was.
 *
 * <pre>
 * 1 \0 SECRET \0 WORKING-FOLDER \0 HOME \0 STDERR-IS-TERMINAL(0|1) \0 ARGC \0 ARG \0 ... ARG \0
 * </pre>
 *
 * @param home the home the client resolved (its {@code --home}, $SNAPLEDGER_HOME or ~/.snapledger)
 */
record Request(String secret, Path workingDirectory, Path home, boolean stderrIsTerminal, List<String> args) {
    static final String VERSION = "1";
    /** No command line is that long; a peer sending more is not a snapledger client. */
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ARGS = 10_000;

    static Request read(InputStream in) throws IOException {
        int[] budget = {MAX_BYTES};
        String version = field(in, budget);
        if (!VERSION.equals(version)) {
            throw new IOException("unknown request version '" + version + "'");
        }
        String secret = field(in, budget);
        Path folder = Path.of(field(in, budget));
        Path home = Path.of(field(in, budget));
        boolean terminal = "1".equals(field(in, budget));
        int count;
        try {
            count = Integer.parseInt(field(in, budget));
        } catch (NumberFormatException e) {
            throw new IOException("bad argument count");
        }
        if (count < 0 || count > MAX_ARGS) {
            throw new IOException("bad argument count " + count);
        }
        List<String> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(field(in, budget));
        }
        return new Request(secret, folder, home, terminal, args);
    }

    /** One field; {@code budget} holds the bytes the request may still take. */
    private static String field(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            if (--budget[0] < 0) {
                throw new IOException("the request is longer than any command line");
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
