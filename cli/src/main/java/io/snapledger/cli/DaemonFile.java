package io.snapledger.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code HOME/daemon}: how a client reaches the daemon that holds the home — one line with its
 * loopback port, a secret and its pid. Only the home's owner can read it (mode 0600), so whoever
 * presents the secret is the owner. The daemon writes it once it listens and removes it when it
 * stops; one killed with SIGKILL leaves it behind, and then the port no longer answers: the
 * client runs the command in-process, which (holding the home's lock, so no daemon runs) removes it.
 */
public record DaemonFile(int port, String secret, long pid) {
    public static final String NAME = "daemon";

    public static Path of(Path home) {
        return home.resolve(NAME);
    }

    /** Writes the file whole or not at all: a client never reads half of it. */
    public void write(Path home) {
        Path file = of(home);
        Path temporary = home.resolve(NAME + ".new");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, port + " " + secret + " " + pid + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<DaemonFile> read(Path home) {
        try {
            String[] fields = Files.readString(of(home), StandardCharsets.UTF_8).strip().split(" ");
            return Optional.of(new DaemonFile(Integer.parseInt(fields[0]), fields[1], Long.parseLong(fields[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes the file of this daemon (not one a later daemon wrote). */
    public void remove(Path home) {
        if (read(home).filter(this::equals).isPresent()) {
            removeStale(home);
        }
    }

    /** Removes the file whoever wrote it: called only while holding the home's lock, when no daemon runs. */
    static void removeStale(Path home) {
        try {
            Files.deleteIfExists(of(home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + of(home) + ": " + e.getMessage(), e);
        }
    }
}
