package dev.licex.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Linux kernel's memory monitor (DAMON) on the machine the bench runs on, when one is running.
 * While JVMs with heaps in 4 KB pages run, each of its sampling rounds over physical memory can
 * stall the whole machine for several milliseconds: on the sandbox machines licex is measured on it
 * samples every 500 ms and tripled the p99 at half the maximum rate, until {@code ./licex} gave the
 * server and the bench transparent huge pages (docs/performance.md, "Huge pages"). So a bench
 * result says whether it ran beside one.
 *
 * @param sampling the shortest sampling interval among the running monitors
 */
public record MemoryMonitor(Duration sampling) {

    /** Where a kernel with DAMON's administration interface lists its monitor threads. */
    public static final Path KDAMONDS = Path.of("/sys/kernel/mm/damon/admin/kdamonds");

    /**
     * The running monitors under {@code kdamonds}, or empty when none runs or the kernel has none.
     * A file the bench may not read counts as no monitor: this is a note on the result, and a bench
     * on another operating system or in a container without sysfs has nothing to note.
     */
    public static Optional<MemoryMonitor> running(Path kdamonds) {
        if (!Files.isDirectory(kdamonds)) {
            return Optional.empty();
        }
        try (Stream<Path> monitors = Files.list(kdamonds)) {
            return monitors.filter(monitor -> "on".equals(read(monitor.resolve("state"))))
                    .flatMap(MemoryMonitor::samplingIntervals)
                    .min(Duration::compareTo)
                    .map(MemoryMonitor::new);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One sentence for the bench's table. */
    public String describe() {
        return "the kernel's memory monitor (DAMON) is on, sampling every " + sampling.toMillis()
                + " ms; unless the server and the bench run with -XX:+UseTransparentHugePages (./licex's"
                + " default on Linux), its rounds stall the whole machine and show in the latency tail"
                + " (docs/performance.md, \"Huge pages\")";
    }

    private static Stream<Duration> samplingIntervals(Path monitor) {
        try (Stream<Path> contexts = Files.list(monitor.resolve("contexts"))) {
            return contexts.map(context -> read(context.resolve("monitoring_attrs/intervals/sample_us")))
                    .filter(micros -> micros != null && micros.matches("\\d+"))
                    .map(micros -> Duration.ofNanos(Long.parseLong(micros) * 1_000))
                    // read now: the caller consumes the stream after this directory listing is closed
                    .toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
