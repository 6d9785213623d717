package dev.licex.protocol.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The protocol over HTTP, on the JDK's {@link HttpClient}: HTTP/1.1 with pooled keep-alive
 * connections, a connect timeout and a per-request timeout. Anything that prevents a complete
 * answer (refused, reset, cut, timed out, truncated) surfaces as an {@link IOException}, which the
 * client engine repairs by resending with the same transaction id.
 */
public final class HttpTransport implements Transport {

    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final URI base;
    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpTransport(URI base, Duration connectTimeout, Duration requestTimeout, SSLContext tls) {
        this.base = stripTrailingSlash(base);
        // The client's own tasks (parsing an answer, completing its future) run on the thread that
        // read the answer instead of being handed to a pool: each hand-off woke a thread, and those
        // wake-ups were a third of a load generator's CPU; with them gone an exchange costs the
        // client half as much (docs/performance.md, "A client that hands nothing over"). Those
        // tasks never block: answers are read whole into a byte array, and send() adds no
        // dependent actions of its own.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run);
        if (tls != null) {
            builder.sslContext(tls).sslParameters(TransportSecurity.parameters());
        }
        this.client = builder.build();
        this.requestTimeout = requestTimeout;
    }

    public static HttpTransport to(URI base) {
        return new HttpTransport(base, Duration.ofSeconds(5), Duration.ofSeconds(15), null);
    }

    /** The base URL in one spelling: lower-case scheme and host, no default port, no trailing slash. */
    private static URI stripTrailingSlash(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port) + path);
    }

    public URI base() {
        return base;
    }

    @Override
    public WireResponse exchange(WireRequest request) throws IOException {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(base + request.target()))
                .timeout(requestTimeout)
                .method(request.method(), request.body().length == 0 && "GET".equals(request.method())
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name)) {
                http.header(name, value);
            }
        });
        http.header("accept", "application/json, application/problem+json");
        try {
            HttpResponse<byte[]> response = client.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                List<String> list = values;
                if (!list.isEmpty()) {
                    headers.put(name, list.get(0));
                }
            });
            return new WireResponse(response.statusCode(), headers, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + base);
        } catch (HttpConnectTimeoutException e) {
            throw new IOException("cannot connect to " + base + ": no answer to the connection attempt", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + base + " within " + requestTimeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + base + ": connection refused (is the server running?)", e);
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException("the secure connection to " + base + " failed: " + e.getMessage()
                    + " (is the server's certificate trusted? give its trust store with --truststore)", e);
        } catch (IOException e) {
            throw new IOException("the connection to " + base + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot send to " + base + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return base.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
