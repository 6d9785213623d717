package dev.licex.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the bench cuts its measured time into alternating slices of no-ops and acquisitions. */
class BenchSlicesTest {

    @Test
    void slicesLastAtLeastTwoSecondsAndAreAtMostTen() {
        assertThat(BenchRun.slices(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(BenchRun.slices(Duration.ofSeconds(3))).isEqualTo(1);
        assertThat(BenchRun.slices(Duration.ofSeconds(4))).isEqualTo(2);
        assertThat(BenchRun.slices(Duration.ofSeconds(20))).isEqualTo(10);
        assertThat(BenchRun.slices(Duration.ofSeconds(300))).isEqualTo(10);
    }
}
