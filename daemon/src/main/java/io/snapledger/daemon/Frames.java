package io.snapledger.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The daemon's answer to a client, on one connection: the command's output as frames, so stdout
 * and stderr stay apart and in order, then its exit code.
 *
 * <pre>
 * o LEN\n BYTES   -- LEN bytes for stdout
 * e LEN\n BYTES   -- LEN bytes for stderr
 * x CODE\n        -- the exit code; the last frame
 * </pre>
 * Text headers, so that the launcher script reads them with bash's own {@code read}.
 */
final class Frames {
    private final OutputStream connection;

    Frames(OutputStream connection) {
        this.connection = connection;
    }

    /** One of the command's two streams: each flush sends what was written as one frame. */
    OutputStream stream(char kind) {
        return new OutputStream() {
            private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (pending.size() > 0) {
                    send(kind, pending.toByteArray());
                    pending.reset();
                }
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private synchronized void send(char kind, byte[] bytes) throws IOException {
        connection.write((kind + " " + bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
        connection.write(bytes);
        connection.flush();
    }

    synchronized void exit(int code) throws IOException {
        connection.write(("x " + code + "\n").getBytes(StandardCharsets.US_ASCII));
        connection.flush();
    }
}
