package io.snapledger.cli.image;

import io.snapledger.cli.Main;
import io.snapledger.image.ProgressListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.PrintStream;

/**
 * Shows how far a long task has come on stderr. A person watching a terminal sees a bar; in a
 * pipe, a log or a test a merge shows nothing, and a count ({@link #counting}) says a line at
 * every tenth of the way, so a log still tells how far a long replay came.
 */
public final class ProgressDisplay implements ProgressListener, AutoCloseable {
    private static final long MIB = 1 << 20;
    private static final int LINES = 10;
    private final ProgressBar bar;
    private final PrintStream lines;
    private final String task;
    private final String unit;
    private long linesShown;

    private ProgressDisplay(ProgressBar bar, PrintStream lines, String task, String unit) {
        this.bar = bar;
        this.lines = lines;
        this.task = task;
        this.unit = unit;
    }

    /** Bytes merged, in MiB, on a terminal only. */
    static ProgressDisplay start(Main cli, String task) {
        if (!cli.stderrIsTerminal()) {
            return new ProgressDisplay(null, null, task, null);
        }
        return new ProgressDisplay(bar(cli, task, " MiB", MIB), null, task, null);
    }

    /** Things counted one by one, e.g. {@code events}: a bar on a terminal, else a line per tenth. */
    public static ProgressDisplay counting(Main cli, String task, String unit) {
        if (!cli.stderrIsTerminal()) {
            return new ProgressDisplay(null, cli.err(), task, unit);
        }
        return new ProgressDisplay(bar(cli, task, " " + unit, 1), null, task, unit);
    }

    private static ProgressBar bar(Main cli, String task, String unit, long unitSize) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setUnit(unit, unitSize)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(cli.err()))
                .build();
    }

    /** @param total the expected end; 0 or less if unknown */
    @Override
    public void progress(long done, long total) {
        if (bar != null) {
            bar.maxHint(total > 0 ? Math.max(total, done) : -1);
            bar.stepTo(done);
        } else if (lines != null && total > 0) {
            long tenths = Math.min(LINES, done * LINES / total);
            if (tenths > linesShown) {
                linesShown = tenths;
                lines.printf("%s: %d of %d %s (%d%%)%n", task, done, total, unit, tenths * 100 / LINES);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
