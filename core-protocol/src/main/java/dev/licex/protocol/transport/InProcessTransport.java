package dev.licex.protocol.transport;

import dev.licex.protocol.fault.FaultInjector;
import dev.licex.protocol.server.ServerRuntime;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A transport that calls a server runtime in this JVM through the same router and the same fault
 * injection as the HTTP server: a cut connection surfaces as an {@link IOException}, and a crash
 * after commit really rebuilds the runtime from its database.
 */
public final class InProcessTransport implements Transport {

    private final ServerRuntime server;
    private final FaultInjector faults;

    public InProcessTransport(ServerRuntime server, FaultInjector faults) {
        this.server = server;
        this.faults = faults;
    }

    @Override
    public WireResponse exchange(WireRequest request) throws IOException {
        FaultInjector.Outcome outcome;
        try {
            outcome = faults.apply(request, r -> server.router().handle(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the request was delayed");
        }
        return switch (outcome) {
            case FaultInjector.Deliver deliver -> deliver.response();
            case FaultInjector.Cut cut -> {
                if (cut.restart()) {
                    server.restart("crash after commit (injected)");
                }
                throw new IOException("connection closed without an answer");
            }
        };
    }

    @Override
    public String describe() {
        return "in-process server";
    }
}
