package dev.licex.protocol.server;

import dev.licex.protocol.event.Leg;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.message.ProblemException;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.store.StoreException;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1} API and the public endpoints of CONTRACT.md, over {@link WireRequest}s: the
 * same code answers in-process tests and Jetty. It never throws: every failure becomes a problem
 * response, and nothing a client sends can produce a 5xx.
 */
public final class ApiRouter {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final String TX_PREFIX = "/v1/transactions/";
    private static final int MAX_PAGE = 500;

    private final ServerEngine engine;
    private final Accounts accounts;
    private final Catalog catalog;
    private final SigningKeys keys;
    private final RateLimit rateLimit;
    private final ProtocolListener events;
    private final Clock clock;

    ApiRouter(ServerEngine engine, Accounts accounts, Catalog catalog, SigningKeys keys, RateLimit rateLimit,
            ProtocolListener events, Clock clock) {
        this.engine = engine;
        this.accounts = accounts;
        this.catalog = catalog;
        this.keys = keys;
        this.rateLimit = rateLimit;
        this.events = events;
        this.clock = clock;
    }

    public WireResponse handle(WireRequest request) {
        try {
            return route(request).toWire();
        } catch (ProblemException e) {
            WireResponse response = problem(e.problem());
            return e.retryAfterSeconds() < 0 ? response
                    : response.withHeader("retry-after", Long.toString(e.retryAfterSeconds()));
        } catch (StoreException e) {
            // Expected while the server restarts (its pool is closed for a moment): one line, no trace.
            LOG.warn("store unavailable while answering {} {}: {}", request.method(), request.path(), e.getMessage());
            LOG.debug("store failure", e);
            return problem(Problem.of(ErrorCode.UNAVAILABLE, "the server's store is unavailable; retry shortly"))
                    .withHeader("retry-after", "1");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {}", request.method(), request.path(), e);
            return problem(Problem.of(ErrorCode.INTERNAL_ERROR, "the server failed unexpectedly; retry shortly"));
        }
    }

    public static WireResponse problem(Problem problem) {
        WireResponse response = Answer.problem(problem).toWire();
        if (problem.status() == 401) {
            response = response.withHeader("www-authenticate", "Bearer realm=\"licex\"");
        }
        return response;
    }

    private Answer route(WireRequest request) {
        String path = request.path();
        String method = request.method().toUpperCase(Locale.ROOT);
        switch (path) {
            case "/healthz" -> {
                requireMethod(method, "GET");
                return Answer.json(200, Map.of("status", "UP"));
            }
            case "/readyz" -> {
                // for a load balancer's health check: this instance reaches its store (a failure
                // is the 503 UNAVAILABLE of any store failure); /healthz stays a no-op for the bench
                requireMethod(method, "GET");
                engine.ping();
                return Answer.json(200, Map.of("status", "READY"));
            }
            case "/.well-known/licex-keys" -> {
                requireMethod(method, "GET");
                return Answer.json(200, keys.published());
            }
            case "/v1/catalog" -> {
                requireMethod(method, "GET");
                return catalog(authenticate(request), request.query());
            }
            case "/v1/ledger" -> {
                requireMethod(method, "GET");
                return Answer.json(200, engine.ledger(authenticate(request)));
            }
            case "/v1/transactions" -> {
                requireMethod(method, "POST");
                return open(authenticate(request), request);
            }
            default -> {
                if (path.startsWith(TX_PREFIX)) {
                    return transaction(method, path.substring(TX_PREFIX.length()), request);
                }
                throw new ProblemException(ErrorCode.NOT_FOUND, "there is no resource at " + RequestFields.truncate(path));
            }
        }
    }

    private Answer transaction(String method, String rest, WireRequest request) {
        int slash = rest.indexOf('/');
        String idText = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        if (!Set.of("", "rights", "completion", "cancellation", "return").contains(action)) {
            throw new ProblemException(ErrorCode.NOT_FOUND, "there is no resource at " + RequestFields.truncate(request.path()));
        }
        requireMethod(method, action.isEmpty() ? "GET" : "POST");
        String account = authenticate(request);
        UUID tid = Uuids.parseTransactionId(idText);
        if (tid == null) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "\"" + RequestFields.truncate(idText)
                    + "\" is not a transaction id: a version 4 or 7 UUID in lowercase canonical form");
        }
        return switch (action) {
            case "" -> Answer.json(200, engine.status(account, tid));
            case "rights" -> {
                String offerId = body(request, Set.of("offerId")).requiredText("offerId");
                if (!Offer.isValidId(offerId)) {
                    throw new ProblemException(ErrorCode.BAD_REQUEST, "field \"offerId\" must be 1 to 64 of "
                            + "A-Z, a-z, 0-9, '.', '_', '-'");
                }
                yield leg(Leg.REQUEST, tid, account, "offerId=" + offerId, () -> engine.requestRights(account, tid, offerId));
            }
            case "completion" -> {
                UUID rightsId = body(request, Set.of("rightsId")).requiredUuid("rightsId");
                yield leg(Leg.COMPLETE, tid, account, "rightsId=" + rightsId, () -> engine.complete(account, tid, rightsId));
            }
            case "cancellation" -> {
                body(request, Set.of());
                yield leg(Leg.CANCEL, tid, account, "cancel", () -> engine.cancel(account, tid));
            }
            default -> {
                UUID rightsId = body(request, Set.of("rightsId")).requiredUuid("rightsId");
                yield leg(Leg.REQUEST, tid, account, "return rightsId=" + rightsId,
                        () -> engine.returnRights(account, tid, rightsId));
            }
        };
    }

    private Answer open(String account, WireRequest request) {
        RequestFields body = body(request, Set.of("transactionId", "deviceId", "kind"));
        UUID tid = body.requiredTransactionId("transactionId");
        UUID deviceId = body.requiredUuid("deviceId");
        String kindText = body.optionalText("kind");
        TransactionKind kind;
        try {
            kind = kindText == null ? TransactionKind.ACQUIRE : TransactionKind.valueOf(kindText);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "field \"kind\" must be ACQUIRE or RETURN");
        }
        return leg(Leg.OPEN, tid, account, "deviceId=" + deviceId + (kind == TransactionKind.RETURN ? " kind=RETURN" : ""),
                () -> engine.open(account, tid, deviceId, kind));
    }

    private Answer leg(Leg leg, UUID tid, String account, String summary, Supplier<Answer> work) {
        events.on(new ProtocolEvent.MessageReceived(clock.instant(), Side.SERVER, tid, leg, 0, summary, account));
        Answer answer;
        try {
            answer = work.get();
        } catch (ProblemException e) {
            answer = Answer.problem(e.problem());
        }
        String state = answer.state() == null ? null : answer.state().name();
        events.on(new ProtocolEvent.MessageSent(clock.instant(), Side.SERVER, tid, leg.answer(), 1,
                answer.status() + (state == null ? "" : " " + state), state, account));
        return answer;
    }

    private Answer catalog(String account, String query) {
        Map<String, String> params = queryParameters(query);
        String q = params.getOrDefault("q", "");
        if (q.length() > 200) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "parameter \"q\" is longer than 200 characters");
        }
        int offset = intParameter(params, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParameter(params, "limit", 50, 1, MAX_PAGE);
        return Answer.json(200, catalog.search(account, q, offset, limit));
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> params = new HashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (params.putIfAbsent(name, value) != null) {
                    throw new ProblemException(ErrorCode.BAD_REQUEST, "parameter \"" + RequestFields.truncate(name)
                            + "\" is given twice");
                }
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ErrorCode.BAD_REQUEST, "the query string is not properly percent-encoded");
            }
        }
        return params;
    }

    private static int intParameter(Map<String, String> params, String name, int fallback, int min, int max) {
        String text = params.get(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "parameter \"" + name + "\" must be a whole number from "
                    + min + " to " + max);
        }
    }

    private String authenticate(WireRequest request) {
        String header = request.header("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(ErrorCode.UNAUTHORIZED, "send your account's token as "
                    + "'Authorization: Bearer <token>'");
        }
        String account = accounts.authenticate(header.substring(7).trim()).orElseThrow(() -> new ProblemException(
                ErrorCode.UNAUTHORIZED, "the token is unknown or revoked; check the token you were given"));
        long wait = rateLimit.take(account);
        if (wait > 0) {
            throw new ProblemException(ErrorCode.RATE_LIMITED, "this account sends more requests than the server "
                    + "allows; retry in " + wait + " s", wait);
        }
        return account;
    }

    private static RequestFields body(WireRequest request, Set<String> fields) {
        if (request.body().length > MAX_BODY_BYTES) {
            throw new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "the body has " + request.body().length
                    + " bytes; the limit is " + MAX_BODY_BYTES);
        }
        String type = request.header("content-type");
        if (type == null || !isJson(type)) {
            throw new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json"
                    + (type == null ? "" : ", not " + RequestFields.truncate(type)));
        }
        return RequestFields.parse(request.body(), fields);
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            return false;
        }
        int charset = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        return charset < 0 || contentType.substring(charset + 8).trim().replace("\"", "").equalsIgnoreCase("utf-8");
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ProblemException(ErrorCode.METHOD_NOT_ALLOWED, method + " is not allowed here; use " + allowed);
        }
    }
}
