package dev.licex.cli.chaos;

import dev.licex.simulator.chaos.ChaosProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The chaos run's progress on stderr: redrawn in place on a terminal, one line every few seconds
 * otherwise (a log file, CI).
 */
public final class ProgressBar implements Consumer<ChaosProgress> {

    private static final int WIDTH = 30;
    private static final long LOG_EVERY_MS = 5_000;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastLogged = -LOG_EVERY_MS;

    public ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(ChaosProgress p) {
        if (!terminal && p.elapsedMillis() - lastLogged < LOG_EVERY_MS) {
            return;
        }
        lastLogged = p.elapsedMillis();
        int filled = p.total() == 0 ? WIDTH : (int) ((long) p.finished() * WIDTH / p.total());
        long faults = p.faults().values().stream().mapToLong(Long::longValue).sum();
        String line = String.format(Locale.ROOT, "[%s%s] %,d/%,d %-10s completed %,d  retries %,d  faults %,d  %.1f s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), p.finished(), p.total(), p.phase().toLowerCase(Locale.ROOT),
                p.completed(), p.retries(), faults, p.elapsedMillis() / 1000.0);
        if (terminal) {
            err.print("\r" + line);
        } else {
            err.println(line);
        }
        err.flush();
    }

    public synchronized void done() {
        if (terminal) {
            err.println();
            err.flush();
        }
    }
}
