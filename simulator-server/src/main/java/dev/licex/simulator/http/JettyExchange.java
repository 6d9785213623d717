package dev.licex.simulator.http;

import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Converts between Jetty's request and response and the protocol's wire records. */
public final class JettyExchange {

    private JettyExchange() {
    }

    /** Thrown when a body exceeds the limit; the caller answers 413. */
    public static final class BodyTooLarge extends Exception {
        public BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    public static WireRequest read(Request request, int maxBody) throws IOException, BodyTooLarge {
        long declared = request.getLength();
        if (declared > maxBody) {
            throw new BodyTooLarge();
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            throw new BodyTooLarge();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
        }
        String query = request.getHttpURI().getQuery();
        String target = Request.getPathInContext(request) + (query == null ? "" : "?" + query);
        return new WireRequest(request.getMethod(), target, headers, body);
    }

    public static void write(WireResponse wire, Response response, Callback callback) {
        response.setStatus(wire.status());
        wire.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, wire.body().length);
        response.write(true, ByteBuffer.wrap(wire.body()), callback);
    }

    /** Closes the connection without any answer, as a network that lost the response would. */
    public static void cut(Request request, Callback callback) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new EofException("connection cut by fault injection"));
    }
}
