package dev.licex.simulator.http;

import dev.licex.protocol.transport.WireResponse;
import dev.licex.simulator.metrics.ServerMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /metrics} in the Prometheus text format. */
public final class MetricsHandler extends Handler.Abstract {

    private final ServerMetrics metrics;

    public MetricsHandler(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        WireResponse scrape = new WireResponse(200, Map.of("content-type", "text/plain; version=0.0.4; charset=utf-8"),
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
        JettyExchange.write(scrape, response, callback);
        return true;
    }
}
