package dev.licex.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a bench result notes the kernel's memory monitor, read from a tree laid out as sysfs lays it out. */
class MemoryMonitorTest {

    @TempDir
    Path kdamonds;

    @Test
    void aRunningMonitorIsReportedWithItsShortestSamplingInterval() throws IOException {
        monitor("0", "on", 500_000, 2_000_000);
        monitor("1", "on", 100_000);

        assertThat(MemoryMonitor.running(kdamonds)).contains(new MemoryMonitor(Duration.ofMillis(100)));
        assertThat(new MemoryMonitor(Duration.ofMillis(500)).describe()).contains("DAMON", "every 500 ms");
    }

    @Test
    void aMonitorThatIsOffIsNotReported() throws IOException {
        monitor("0", "off", 500_000);

        assertThat(MemoryMonitor.running(kdamonds)).isEmpty();
    }

    @Test
    void aKernelWithoutTheInterfaceHasNothingToReport() {
        assertThat(MemoryMonitor.running(kdamonds.resolve("absent"))).isEmpty();
    }

    @Test
    void aMonitorWhoseIntervalCannotBeReadIsNotReported() throws IOException {
        monitor("0", "on");

        assertThat(MemoryMonitor.running(kdamonds)).isEmpty();
    }

    private void monitor(String id, String state, long... sampleMicros) throws IOException {
        Path monitor = Files.createDirectories(kdamonds.resolve(id));
        Files.writeString(monitor.resolve("state"), state + "\n");
        Files.createDirectories(monitor.resolve("contexts"));
        for (int i = 0; i < sampleMicros.length; i++) {
            Path intervals = Files.createDirectories(monitor.resolve("contexts/" + i + "/monitoring_attrs/intervals"));
            Files.writeString(intervals.resolve("sample_us"), sampleMicros[i] + "\n");
        }
    }
}
