package dev.licex.benchmarks;

import dev.licex.protocol.json.CanonicalJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** RFC 8785 canonicalization of a rights object: done once by the signer, once by the verifier. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CanonicalJsonBenchmark {

    private final RightsFixture fixture = new RightsFixture();

    @Benchmark
    public byte[] canonicalizeRights() {
        return CanonicalJson.bytes(fixture.tree);
    }
}
