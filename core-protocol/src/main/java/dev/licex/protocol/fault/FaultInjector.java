package dev.licex.protocol.fault;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies the fault plan to one request on the server side. What only a transport can do (cut a
 * connection, restart the server) comes back as a {@link Cut} for the caller to carry out, so the
 * in-process transport and the Jetty server inject faults with the same semantics.
 */
public final class FaultInjector {

    private final FaultPlan plan;
    private final ProtocolListener events;
    private final Clock clock;
    private final Random random = new Random();

    public FaultInjector(FaultPlan plan, ProtocolListener events, Clock clock) {
        this.plan = plan;
        this.events = events;
        this.clock = clock;
    }

    public FaultPlan plan() {
        return plan;
    }

    /** What the client gets. */
    public sealed interface Outcome {
    }

    /** Send this response. */
    public record Deliver(WireResponse response) implements Outcome {
    }

    /** Close the connection without an answer; then restart the server if {@code restart}. */
    public record Cut(boolean restart) implements Outcome {
    }

    public Outcome apply(WireRequest request, Function<WireRequest, WireResponse> server) throws InterruptedException {
        Leg leg = RequestLeg.of(request);
        Optional<FaultRule> fired = leg == null ? Optional.empty() : plan.decide(leg);
        if (fired.isEmpty()) {
            return new Deliver(server.apply(request));
        }
        FaultRule rule = fired.get();
        UUID tid = RequestLeg.transactionId(request);
        return switch (rule.action()) {
            case DROP_REQUEST -> {
                applied(tid, leg, rule, "the request was dropped before the server saw it");
                yield new Cut(false);
            }
            case DROP_RESPONSE -> {
                server.apply(request);
                applied(tid, leg, rule, "the server processed the request; its answer was dropped");
                yield new Cut(false);
            }
            case DELAY -> {
                applied(tid, leg, rule, "the request is held for " + rule.delay() + " ms");
                Thread.sleep(rule.delay());
                yield new Deliver(server.apply(request));
            }
            case DUPLICATE -> {
                server.apply(request);
                applied(tid, leg, rule, "the request arrived twice; the client sees the second answer");
                yield new Deliver(server.apply(request));
            }
            case ERROR -> {
                applied(tid, leg, rule, "answered " + rule.errorStatus() + " without processing");
                yield new Deliver(error(rule.errorStatus()));
            }
            case CORRUPT_RESPONSE -> {
                WireResponse real = server.apply(request);
                applied(tid, leg, rule, "the server processed the request; its answer arrives garbled");
                yield new Deliver(new WireResponse(200, Map.of("content-type", WireRequest.JSON), corrupt(real.body())));
            }
            case CRASH_AFTER_COMMIT -> {
                server.apply(request);
                applied(tid, leg, rule, "the server committed, then crashed before answering");
                yield new Cut(true);
            }
        };
    }

    private static WireResponse error(int status) {
        Problem problem = new Problem("https://licex.dev/problems/injected-fault", "Injected fault", status,
                "the simulator injected this error", status == 429 ? ErrorCode.RATE_LIMITED.name()
                        : status == 503 ? ErrorCode.UNAVAILABLE.name() : "INJECTED_FAULT");
        WireResponse response = new WireResponse(status, Map.of("content-type", WireResponse.PROBLEM_JSON),
                Json.write(problem));
        return status == 429 || status == 503 ? response.withHeader("retry-after", "0") : response;
    }

    /** Half the time truncated, half the time with a few bytes overwritten. */
    private byte[] corrupt(byte[] body) {
        synchronized (random) {
            if (body.length < 2 || random.nextBoolean()) {
                return Arrays.copyOf(body, body.length / 2);
            }
            byte[] garbled = body.clone();
            for (int i = 0; i < 3; i++) {
                garbled[random.nextInt(garbled.length)] = (byte) ('!' + random.nextInt(90));
            }
            return garbled;
        }
    }

    private void applied(UUID tid, Leg leg, FaultRule rule, String detail) {
        events.on(new ProtocolEvent.FaultApplied(clock.instant(), Side.SERVER, tid, leg, rule.action().name(), detail));
    }
}
