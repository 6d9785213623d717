package dev.licex.simulator;

import java.nio.file.Path;

/** The server's certificate and key for HTTPS: a PKCS#12 (or JKS) keystore and its password. */
public record TlsSettings(Path keystore, String password) {
    public TlsSettings {
        if (keystore == null) {
            throw new IllegalArgumentException("a TLS keystore is needed");
        }
    }
}
