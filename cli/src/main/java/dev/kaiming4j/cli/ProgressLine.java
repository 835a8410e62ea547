package dev.kaiming4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * One updating line on stderr (bytes, rate, ETA) for writes that last: shown only when stderr
 * is a terminal, from {@link #AFTER_MILLIS} after the start, at most five times a second, and
 * erased when the write ends so the terminal keeps only the JSON result.
 */
final class ProgressLine implements LongConsumer {
    /** Writes shorter than this show nothing. */
    static final long AFTER_MILLIS = 2000;
    /** System property lowering {@link #AFTER_MILLIS} (the pseudo-terminal test writes little). */
    static final String AFTER_PROPERTY = "kaiming4j.cli.progressAfterMillis";
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final long total;
    private final long start = System.nanoTime();
    private final long afterNanos;
    private long lastShown;
    private boolean shown;

    private ProgressLine(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
        String p = System.getProperty(AFTER_PROPERTY);
        this.afterNanos = (p == null ? AFTER_MILLIS : Long.parseLong(p)) * 1_000_000L;
    }

    /** A progress line, or null when {@code quiet} or stderr is not a terminal. */
    static ProgressLine create(PrintWriter err, long total, boolean quiet) {
        return quiet || !stderrIsTerminal() ? null : new ProgressLine(err, total);
    }

    /** Linux: fd 2 is a terminal when it links to a pts or tty device. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public synchronized void accept(long written) {
        long now = System.nanoTime();
        long elapsed = now - start;
        if (elapsed < afterNanos || (shown && now - lastShown < EVERY_NANOS && written < total)) {
            return;
        }
        double seconds = elapsed * 1e-9;
        double rate = written / Math.max(seconds, 1e-9);
        double eta = rate > 0 ? (total - written) / rate : 0;
        err.print(String.format(Locale.ROOT, "\r%s / %s  %s/s  ETA %.0f s   ", bytes(written), bytes(total),
                bytes((long) rate), eta));
        err.flush();
        shown = true;
        lastShown = now;
    }

    /** Erases the line if it was shown. */
    synchronized void finish() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    static String bytes(long b) {
        if (b < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / 1073741824.0);
    }
}
