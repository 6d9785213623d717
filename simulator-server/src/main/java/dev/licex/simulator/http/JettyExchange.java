package dev.licex.simulator.http;

import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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

    private static final long DISCARD_LIMIT = 1 << 20;

    private JettyExchange() {
    }

    /** Thrown when a body exceeds the limit; the caller answers 413. */
    public static final class BodyTooLarge extends Exception {
        public BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    public static WireRequest read(Request request, int maxBody) throws IOException, BodyTooLarge {
        byte[] body = readBody(request, request.getLength(), maxBody);
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
        }
        String query = request.getHttpURI().getQuery();
        String target = Request.getPathInContext(request) + (query == null ? "" : "?" + query);
        return new WireRequest(request.getMethod(), target, headers, body);
    }

    // InputStream.readNBytes(limit) starts with a 16 KB buffer whatever the body's size, which at
    // thousands of small requests a second was the server's largest allocation. A body sent with
    // Content-Length is read into an array of exactly that size; one sent in chunks (or a request
    // without a body) grows a buffer from 512 bytes.
    private static byte[] readBody(Request request, long declared, int maxBody) throws IOException, BodyTooLarge {
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > maxBody) {
                throw discardRest(in);
            }
            if (declared >= 0) {
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    throw new EofException("the body ended after " + body.length + " of " + declared + " bytes");
                }
                // reading to the end, as before, so the request's content is complete when the
                // stream closes, not abandoned
                if (in.read() >= 0) {
                    throw discardRest(in);
                }
                return body;
            }
            byte[] buffer = new byte[512];
            int length = 0;
            for (int read; (read = in.read(buffer, length, buffer.length - length)) >= 0; ) {
                length += read;
                if (length > maxBody) {
                    throw discardRest(in);
                }
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBody + 1));
                }
            }
            return Arrays.copyOf(buffer, length);
        }
    }

    // Answering 413 while the client is still sending would close a socket with unread bytes in
    // it; the kernel then sends a reset, which can destroy the answer before the client reads it.
    // An oversized body up to DISCARD_LIMIT is read and dropped first so the client always sees its
    // 413; beyond that the connection is closed unread, as no honest client sends that much.
    private static BodyTooLarge discardRest(InputStream in) throws IOException {
        byte[] scrap = new byte[8192];
        long dropped = 0;
        for (int read; dropped < DISCARD_LIMIT && (read = in.read(scrap)) >= 0; ) {
            dropped += read;
        }
        return new BodyTooLarge();
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
