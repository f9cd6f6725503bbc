package io.snapledger.cli.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Bytes a file occupies on the host ({@code qemu-img info}'s "disk size"), which differs from its
 * length for sparse files. Java has no {@code st_blocks}, so POSIX {@code du -k} is asked; where it
 * is missing, the file length stands in.
 */
final class HostAllocation {
    private HostAllocation() {
    }

    static long of(Path file) throws IOException {
        try {
            Process du = new ProcessBuilder("du", "-k", "--", file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            du.getOutputStream().close();
            String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (du.waitFor(10, TimeUnit.SECONDS) && du.exitValue() == 0) {
                String kib = out.strip().split("\\s+", 2)[0];
                if (kib.matches("\\d+")) {
                    return Long.parseLong(kib) * 1024;
                }
            }
            du.destroy();
        } catch (IOException e) {
            // No du on this system: fall back to the length below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Files.size(file);
    }
}
