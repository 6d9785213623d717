package dev.licex.cli;

import dev.licex.protocol.transport.TransportSecurity;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --server URL --token T}: where and as whom a client command talks. */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", required = true,
            description = "The rights server, e.g. http://127.0.0.1:8080")
    URI server;

    @Option(names = "--token", paramLabel = "T", required = true, defaultValue = "${env:LICEX_TOKEN}",
            description = "Your account's bearer token (or set LICEX_TOKEN).")
    String token;

    @Option(names = "--truststore", paramLabel = "FILE", description = "Trust the server certificates in this "
            + "PKCS#12 trust store (password, if any, from LICEX_TRUSTSTORE_PASSWORD) instead of the JDK's.")
    Path truststore;

    @Option(names = "--allow-plain-http", description = "Allow http:// to another machine (tokens and rights travel "
            + "unencrypted). Plain HTTP to this machine is always allowed.")
    boolean allowPlainHttp;

    TransportSecurity security() {
        return new TransportSecurity(truststore, System.getenv("LICEX_TRUSTSTORE_PASSWORD"), allowPlainHttp);
    }

    URI checkedServer() {
        return new Checked(server).uri();
    }

    /** A server URL checked to be http(s) with a host. */
    record Checked(URI uri) {
        Checked {
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new CliFailure(ExitCodes.USAGE, "--server must be an http:// or https:// URL with a host, not '"
                        + uri + "'");
            }
        }
    }
}
