package dev.licex.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram of microseconds. */
public record Latency(double p50, double p90, double p99, double p999, double max, long count) {

    static Latency of(Histogram micros) {
        return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
                micros.getTotalCount());
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("p50", p50);
        map.put("p90", p90);
        map.put("p99", p99);
        map.put("p99.9", p999);
        map.put("max", max);
        return map;
    }
}
