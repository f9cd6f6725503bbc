package io.snapledger.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs qemu-img, qemu-io and shell tools as child processes, the way users run them. */
final class Qemu {
    private Qemu() {
    }

    /** Runs a command to its end; fails unless it exits 0. Returns stdout and stderr together. */
    static String run(Object... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (Object c : command) {
            args.add(c.toString());
        }
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + exit + ":\n" + out);
        }
        return out;
    }

    static String img(Object... args) throws IOException, InterruptedException {
        Object[] command = new Object[args.length + 1];
        command[0] = "qemu-img";
        System.arraycopy(args, 0, command, 1, args.length);
        return run(command);
    }

    /** Creates a qcow2 image; {@code options} go before the file name (e.g. -o, -b, -F). */
    static void create(Path image, String size, Object... options) throws IOException, InterruptedException {
        List<Object> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        args.addAll(List.of(options));
        args.add(image);
        args.add(size);
        img(args.toArray());
    }

    /** Fills {@code length} bytes from {@code offset} with {@code pattern}, in 256 MiB requests. */
    static void fill(Path image, long offset, long length, int pattern) throws IOException, InterruptedException {
        List<Object> args = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        long step = 256L << 20;
        for (long at = 0; at < length; at += step) {
            args.add("-c");
            args.add(String.format("write -q -P 0x%x %d %d", pattern, offset + at, Math.min(step, length - at)));
        }
        args.add(image);
        run(args.toArray());
    }

    /** Fails unless qemu-img check finds the image clean (exit 0: no corruption, no leak). */
    static void check(Path image) throws IOException, InterruptedException {
        img("check", "-q", image);
    }

    /** Fails unless both images read the same guest bytes. */
    static void compare(Path a, Path b) throws IOException, InterruptedException {
        img("compare", "-q", a, b);
    }

    /** Copies a file and makes the copy durable, so later timed fsyncs don't pay for it. */
    static void copy(Path from, Path to) throws IOException, InterruptedException {
        run("cp", "--sparse=always", from, to);
        run("sync", to);
    }
}
