package dev.licex.simulator.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Sends {@code /admin/*} to the admin API (when present), {@code /metrics} to metrics, the rest to the API. */
public final class PathRouter extends Handler.Abstract {

    private final Handler api;
    private final Handler admin;
    private final Handler metrics;

    public PathRouter(Handler api, Handler admin, Handler metrics) {
        this.api = api;
        this.admin = admin;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (admin != null && (path.equals("/admin") || path.startsWith("/admin/"))) {
            return admin.handle(request, response, callback);
        }
        if (path.equals("/metrics") && "GET".equals(request.getMethod())) {
            return metrics.handle(request, response, callback);
        }
        return api.handle(request, response, callback);
    }

    @Override
    protected void doStart() throws Exception {
        for (Handler handler : new Handler[] {api, admin, metrics}) {
            if (handler != null) {
                handler.setServer(getServer());
                handler.start();
            }
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        for (Handler handler : new Handler[] {api, admin, metrics}) {
            if (handler != null) {
                handler.stop();
            }
        }
    }
}
