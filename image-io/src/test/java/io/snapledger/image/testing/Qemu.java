package io.snapledger.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's own tools as the test oracle: qemu-img and qemu-io run as child processes. Read-only
 * checks pass {@code -U} (share the image) so they can look at an image the test still holds open
 * for writing, which otherwise holds QEMU's locks.
 */
public final class Qemu {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Qemu() {
    }

    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ": " + out + err);
            }
            return this;
        }
    }

    public static Result run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            int exit = p.waitFor();
            return new Result(exit, new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (install qemu-utils)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Result img(Object... args) {
        List<String> command = new ArrayList<>();
        command.add("qemu-img");
        for (Object a : args) {
            command.add(a.toString());
        }
        return run(command.toArray(String[]::new));
    }

    /** qemu-io with one or more -c commands; fails on "Pattern verification failed" or errors. */
    public static Result io(Path image, String format, String... commands) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        command.add(image.toString());
        Result r = run(command.toArray(String[]::new));
        if (r.exit() != 0 || r.out().contains("failed") || r.err().contains("failed")) {
            throw new AssertionError("qemu-io " + String.join(" ; ", commands) + " on " + image + ": " + r.out() + r.err());
        }
        return r;
    }

    public static void create(Path image, String size, String... options) {
        List<Object> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        for (String o : options) {
            args.add(o);
        }
        args.add(image);
        args.add(size);
        img(args.toArray()).ok();
    }

    /** Asserts qemu-img check finds the image clean: no corruption, no leak. */
    public static JsonNode assertClean(Path image) {
        Result r = img("check", "-U", "--output=json", image);
        if (r.exit() != 0) {
            Result human = img("check", "-U", image);
            throw new AssertionError("qemu-img check " + image + " exit " + r.exit() + ":\n" + human.out() + human.err());
        }
        return json(r.out());
    }

    public static int checkExit(Path image) {
        return img("check", "-U", "--output=json", image).exit();
    }

    public static JsonNode info(Path image) {
        return json(img("info", "-U", "--output=json", image).ok().out());
    }

    public static boolean sameContent(Path a, Path b) {
        Result r = img("compare", "-U", "-q", a, b);
        if (r.exit() > 1) {
            throw new AssertionError("qemu-img compare failed: " + r.err());
        }
        return r.exit() == 0;
    }

    /** Exports the content of an internal snapshot (without applying it) as a raw file. */
    public static Path exportSnapshot(Path image, String snapshotName, Path rawOut) {
        img("convert", "-U", "-l", "snapshot.name=" + snapshotName, "-O", "raw", image, rawOut).ok();
        return rawOut;
    }

    public static Path exportRaw(Path image, Path rawOut) {
        img("convert", "-U", "-O", "raw", image, rawOut).ok();
        return rawOut;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
