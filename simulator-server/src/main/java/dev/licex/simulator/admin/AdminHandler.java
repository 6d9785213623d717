package dev.licex.simulator.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.fault.FaultPlan;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.server.ApiRouter;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import dev.licex.simulator.http.JettyExchange;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The simulator's {@code /admin} API (CONTRACT.md section 5): fault rules, the event stream, a
 * simulated crash, and every account's ledger. It needs the admin token, and it answers only on
 * the loopback interface unless the operator allowed otherwise.
 */
public final class AdminHandler extends Handler.Abstract {

    private static final int MAX_BODY = 256 * 1024;

    private final ServerRuntime runtime;
    private final FaultPlan faults;
    private final byte[] adminToken;
    private final boolean fromAnywhere;
    private final EventStream stream;
    private final BiConsumer<String, EndPoint> restart;

    public AdminHandler(ServerRuntime runtime, FaultPlan faults, EventBus events, String adminToken,
            boolean fromAnywhere, BiConsumer<String, EndPoint> restart) {
        this.runtime = runtime;
        this.faults = faults;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.fromAnywhere = fromAnywhere;
        this.stream = new EventStream(events);
        this.restart = restart;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!fromAnywhere && !isLoopback(request.getConnectionMetaData().getLocalSocketAddress())) {
            answer(problem(ErrorCode.NOT_FOUND, "there is no resource here"), response, callback);
            return true;
        }
        if (!authorized(request.getHeaders().get("authorization"))) {
            answer(ApiRouter.problem(Problem.of(ErrorCode.UNAUTHORIZED,
                    "send the simulator's admin token as 'Authorization: Bearer <token>'")), response, callback);
            return true;
        }
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.equals("/admin/events") && method.equals("GET")) {
            stream.serve(response, callback);
            return true;
        }
        WireRequest wire;
        try {
            wire = JettyExchange.read(request, MAX_BODY);
        } catch (JettyExchange.BodyTooLarge e) {
            answer(problem(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + MAX_BODY + " bytes"), response,
                    callback);
            return true;
        }
        answer(route(path, method, wire, request.getConnectionMetaData().getConnection().getEndPoint()), response,
                callback);
        return true;
    }

    private WireResponse route(String path, String method, WireRequest wire, EndPoint requester) {
        try {
            return switch (path) {
                case "/admin/faults" -> switch (method) {
                    case "GET" -> json(200, faults.rules());
                    case "PUT" -> {
                        faults.replace(rules(wire));
                        yield json(200, faults.rules());
                    }
                    case "POST" -> {
                        FaultRule rule = rule(wire);
                        faults.add(rule);
                        yield json(201, rule);
                    }
                    case "DELETE" -> {
                        faults.clear();
                        yield new WireResponse(204, Map.of(), null);
                    }
                    default -> problem(ErrorCode.METHOD_NOT_ALLOWED, "use GET, PUT, POST or DELETE");
                };
                case "/admin/restart" -> {
                    if (!method.equals("POST")) {
                        yield problem(ErrorCode.METHOD_NOT_ALLOWED, "use POST");
                    }
                    restart.accept("restart requested through /admin/restart", requester);
                    yield json(200, Map.of("status", "RESTARTED"));
                }
                case "/admin/ledger" -> method.equals("GET")
                        ? json(200, Map.of("accounts", runtime.engine().ledgers()))
                        : problem(ErrorCode.METHOD_NOT_ALLOWED, "use GET");
                default -> problem(ErrorCode.NOT_FOUND, "the admin API has /admin/faults, /admin/events, "
                        + "/admin/restart and /admin/ledger");
            };
        } catch (IllegalArgumentException | MalformedJsonException e) {
            return problem(ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private static List<FaultRule> rules(WireRequest wire) {
        JsonNode body = jsonBody(wire);
        if (!body.isArray()) {
            throw new IllegalArgumentException("PUT /admin/faults takes a JSON array of rules");
        }
        List<FaultRule> rules = Json.mapper().convertValue(body, new TypeReference<List<FaultRule>>() { });
        return rules.stream().map(FaultRule::validated).toList();
    }

    private static FaultRule rule(WireRequest wire) {
        JsonNode body = jsonBody(wire);
        if (!body.isObject()) {
            throw new IllegalArgumentException("POST /admin/faults takes one rule as a JSON object");
        }
        return Json.convert(body, FaultRule.class).validated();
    }

    private static JsonNode jsonBody(WireRequest wire) {
        String type = wire.header("content-type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new IllegalArgumentException("send the rules as application/json");
        }
        return Json.parse(wire.body());
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(adminToken, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }

    private static WireResponse json(int status, Object value) {
        return WireResponse.json(status, Json.write(value));
    }

    private static WireResponse problem(ErrorCode code, String detail) {
        return ApiRouter.problem(Problem.of(code, detail));
    }

    private static void answer(WireResponse wire, Response response, Callback callback) {
        JettyExchange.write(wire, response, callback);
    }
}
