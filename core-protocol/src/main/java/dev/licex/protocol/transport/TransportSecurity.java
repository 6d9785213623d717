package dev.licex.protocol.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client may reach a server: HTTPS verified against the JDK's trusted certificates or a
 * given trust store, and plain HTTP only to this machine unless the user explicitly allows it,
 * since tokens and rights would otherwise cross the network readable by anyone on the way.
 *
 * @param trustStore      a PKCS#12 or JKS trust store with the server's certificate (or its CA), or null
 * @param trustPassword   the trust store's password, or null
 * @param allowPlainHttp  whether http:// to another machine is acceptable
 */
public record TransportSecurity(Path trustStore, String trustPassword, boolean allowPlainHttp) {

    public static final TransportSecurity DEFAULT = new TransportSecurity(null, null, false);

    /** Opens an HTTP transport to {@code server}, or says why it must not. */
    public HttpTransport open(URI server) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !allowPlainHttp && !isLoopback(server.getHost())) {
            throw new IllegalArgumentException("refusing plain HTTP to " + server.getHost() + ": the token and the "
                    + "rights would cross the network unencrypted. Use https://, or allow it explicitly "
                    + "(--allow-plain-http) on a network you trust.");
        }
        return new HttpTransport(server, Duration.ofSeconds(5), Duration.ofSeconds(15),
                scheme.equals("https") ? sslContext() : null);
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    private SSLContext sslContext() {
        try {
            if (trustStore == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(trustStore)) {
                store.load(in, trustPassword == null ? null : trustPassword.toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** TLS 1.2 and 1.3 only, with the host name checked against the certificate. */
    static SSLParameters parameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }
}
