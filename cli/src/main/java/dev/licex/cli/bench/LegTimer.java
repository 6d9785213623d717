package dev.licex.cli.bench;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.fault.RequestLeg;
import dev.licex.protocol.transport.Transport;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Recorder;

/** A transport that records how long each handshake leg's round trip takes. */
final class LegTimer implements Transport {

    private final Transport inner;
    private final Map<Leg, Recorder> legs;

    LegTimer(Transport inner, Map<Leg, Recorder> legs) {
        this.inner = inner;
        this.legs = legs;
    }

    static Map<Leg, Recorder> recorders() {
        Map<Leg, Recorder> legs = new EnumMap<>(Leg.class);
        for (Leg leg : new Leg[] {Leg.OPEN, Leg.REQUEST, Leg.COMPLETE}) {
            legs.put(leg, new Recorder(3));
        }
        return legs;
    }

    @Override
    public WireResponse exchange(WireRequest request) throws IOException {
        long started = System.nanoTime();
        WireResponse response = inner.exchange(request);
        Leg leg = RequestLeg.of(request);
        if (leg != null && legs.containsKey(leg)) {
            legs.get(leg).recordValue(Math.max(1, (System.nanoTime() - started) / 1_000));
        }
        return response;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
