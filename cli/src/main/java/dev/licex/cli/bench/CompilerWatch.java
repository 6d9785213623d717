package dev.licex.cli.bench;

import dev.licex.protocol.transport.HttpTransport;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time the JIT compilers spent compiling: in the bench's own JVM, and in each server that
 * publishes it in its Prometheus metrics ({@code jvm_compilation_time_ms_total}). On a 2-core
 * machine a server kept compiling for a minute and more of acquisitions (a fifth to a third of its
 * CPU at first), and its acquisitions ran at two thirds of their later rate meanwhile
 * (docs/performance.md), so a warm-up lasts until the compilers have settled.
 */
final class CompilerWatch {

    /** Settled: no JVM watched spent more than this share of the time between two samples compiling. */
    static final double SETTLED_SHARE = 0.03;

    private static final Pattern COMPILE_TIME = Pattern.compile(
            "^jvm_compilation_time_ms_total(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final List<HttpTransport> servers;
    private final CompilationMXBean own = ManagementFactory.getCompilationMXBean();

    CompilerWatch(List<HttpTransport> servers) {
        this.servers = List.copyOf(servers);
    }

    /**
     * Compile time so far, in milliseconds, of each JVM that tells: "bench" (when this JVM
     * measures it) and each server by its address. A server that does not publish it is left out;
     * one that cannot be asked just now is in it as unknown ({@link Double#NaN}).
     */
    Map<String, Double> sample() {
        Map<String, Double> millis = new LinkedHashMap<>();
        if (own != null && own.isCompilationTimeMonitoringSupported()) {
            millis.put("bench", (double) own.getTotalCompilationTime());
        }
        for (HttpTransport server : servers) {
            try {
                WireResponse metrics = server.exchange(WireRequest.get("/metrics", null));
                if (metrics.status() == 200) {
                    Double total = compileMillis(new String(metrics.body(), StandardCharsets.UTF_8));
                    if (total != null) {
                        millis.put(server.describe(), total);
                    }
                }
            } catch (IOException e) {
                millis.put(server.describe(), Double.NaN);
            }
        }
        return millis;
    }

    /** The compile time a Prometheus text page reports, summed over its compilers; null when it reports none. */
    static Double compileMillis(String prometheusText) {
        Matcher m = COMPILE_TIME.matcher(prometheusText);
        Double total = null;
        while (m.find()) {
            total = (total == null ? 0 : total) + Double.parseDouble(m.group(1));
        }
        return total;
    }

    /**
     * Whether every JVM seen in both samples compiled for at most {@link #SETTLED_SHARE} of the
     * time between them. A JVM whose compile time was unknown in either sample (a server that did
     * not answer) may have been busy, so the step is not settled. With no JVM seen in both (none
     * that can tell), nothing says the compilers are still busy, so they count as settled.
     */
    static boolean settled(Map<String, Double> before, Map<String, Double> after, Duration between) {
        double limit = between.toMillis() * SETTLED_SHARE;
        for (Map.Entry<String, Double> jvm : after.entrySet()) {
            Double earlier = before.get(jvm.getKey());
            if (earlier == null) {
                continue;
            }
            if (earlier.isNaN() || jvm.getValue().isNaN() || jvm.getValue() - earlier > limit) {
                return false;
            }
        }
        return true;
    }
}
