package io.snapledger.daemon;

import io.snapledger.cli.DaemonFile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The launcher script's part, in Java: hands a command line to the daemon of a home and collects
 * its answer. For programs (and tests) that talk to a daemon without a shell.
 */
public final class DaemonClient {
    /** What the command printed and its exit code. */
    public record Answer(int exit, String out, String err) {
    }

    private DaemonClient() {
    }

    /**
     * @return the answer, or empty when no daemon answers for {@code home} (none runs, or it was killed)
     */
    public static Optional<Answer> run(Path home, Path workingDirectory, boolean stderrIsTerminal, List<String> args)
            throws IOException {
        Optional<DaemonFile> daemon = DaemonFile.read(home);
        if (daemon.isEmpty()) {
            return Optional.empty();
        }
        Socket socket;
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), daemon.get().port());
        } catch (IOException refused) {
            return Optional.empty();
        }
        try (socket; OutputStream out = new BufferedOutputStream(socket.getOutputStream());
             InputStream in = new BufferedInputStream(socket.getInputStream())) {
            field(out, Request.VERSION);
            field(out, daemon.get().secret());
            field(out, workingDirectory.toString());
            field(out, home.toString());
            field(out, stderrIsTerminal ? "1" : "0");
            field(out, Integer.toString(args.size()));
            for (String arg : args) {
                field(out, arg);
            }
            out.flush();
            return Optional.of(answer(in));
        }
    }

    private static void field(OutputStream out, String value) throws IOException {
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static Answer answer(InputStream in) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        for (String header = line(in); header != null; header = line(in)) {
            char kind = header.charAt(0);
            int size = Integer.parseInt(header.substring(2));
            if (kind == 'x') {
                return new Answer(size, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
            }
            byte[] bytes = in.readNBytes(size);
            (kind == 'o' ? stdout : stderr).write(bytes);
        }
        throw new IOException("the daemon gave no exit code: it stopped during the command");
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
