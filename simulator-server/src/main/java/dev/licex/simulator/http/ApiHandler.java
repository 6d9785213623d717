package dev.licex.simulator.http;

import dev.licex.protocol.fault.FaultInjector;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.server.ApiRouter;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import dev.licex.simulator.metrics.ServerMetrics;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the public API: {@code /v1}, {@code /healthz}, {@code /readyz}, {@code /.well-known/licex-keys}. Each
 * request passes the fault injector on its way to the core router, so a fault can drop it, cut
 * the connection after the server committed, or crash and restart the whole server.
 */
public final class ApiHandler extends Handler.Abstract {

    private final ServerRuntime runtime;
    private final FaultInjector faults;
    private final ServerMetrics metrics;
    private final Consumer<String> crash;

    public ApiHandler(ServerRuntime runtime, FaultInjector faults, ServerMetrics metrics, Consumer<String> crash) {
        this.runtime = runtime;
        this.faults = faults;
        this.metrics = metrics;
        this.crash = crash;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long started = System.nanoTime();
        WireRequest wire;
        try {
            wire = JettyExchange.read(request, ApiRouter.MAX_BODY_BYTES);
        } catch (JettyExchange.BodyTooLarge e) {
            WireResponse tooLarge = ApiRouter.problem(Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the body is larger than " + ApiRouter.MAX_BODY_BYTES + " bytes"));
            JettyExchange.write(tooLarge.withHeader("connection", "close"), response, callback);
            metrics.request(request.getMethod(), Request.getPathInContext(request), 413, started);
            return true;
        }
        switch (faults.apply(wire, r -> runtime.router().handle(r))) {
            case FaultInjector.Deliver deliver -> {
                JettyExchange.write(deliver.response(), response, callback);
                metrics.request(wire.method(), wire.path(), deliver.response().status(), started);
            }
            case FaultInjector.Cut cut -> {
                if (cut.restart()) {
                    // Crash before the cut reaches the client: its resend must meet the rebuilt
                    // server, never the one that was about to go down.
                    crash.accept("crash after commit (injected)");
                }
                JettyExchange.cut(request, callback);
                metrics.request(wire.method(), wire.path(), 0, started);
            }
        }
        return true;
    }
}
