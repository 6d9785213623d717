package dev.licex.benchmarks;

import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.IssuedRights;
import dev.licex.protocol.message.ServerState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Encoding and decoding leg 4, the largest message of the handshake. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MessageCodecBenchmark {

    private final RightsFixture fixture = new RightsFixture();

    @Benchmark
    public byte[] encodeRightsAnswer() {
        return Json.write(new IssuedRights(fixture.rights.transactionId(), ServerState.ISSUED, fixture.tree,
                fixture.signature, fixture.key.keyId()));
    }

    @Benchmark
    public IssuedRights decodeRightsAnswer() {
        return Json.read(fixture.answer, IssuedRights.class);
    }
}
