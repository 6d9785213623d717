package dev.licex.benchmarks;

import dev.licex.protocol.signature.RightsVerifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Ed25519 over canonical rights: the server signs each issuance, the device verifies it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {

    private final RightsFixture fixture = new RightsFixture();

    @Benchmark
    public String sign() {
        return fixture.key.sign(fixture.tree);
    }

    @Benchmark
    public boolean verify() {
        return RightsVerifier.verify(fixture.key.jwk(), fixture.tree, fixture.signature);
    }
}
