package dev.licex.protocol.client;

import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.JwkSet;
import java.io.IOException;
import java.util.Optional;

/**
 * The server keys the device trusts. A key id seen once is pinned in the device's store: if the
 * server later publishes different key material under that id, rights signed with it are refused.
 * A new key id (a rotation) is fetched from {@code /.well-known/licex-keys} and pinned.
 */
final class KeyRing {

    private final ClientStore store;
    private final ServerConnection server;

    KeyRing(ClientStore store, ServerConnection server) {
        this.store = store;
        this.server = server;
    }

    /** The trusted key with this id, fetching the server's key set when it is new. */
    synchronized Optional<Jwk> key(String keyId) throws IOException {
        if (keyId == null) {
            return Optional.empty();
        }
        Optional<Jwk> pinned = store.pinnedKey(keyId);
        if (pinned.isPresent()) {
            return pinned;
        }
        JwkSet published = server.keys();
        if (published.keys() == null) {
            return Optional.empty();
        }
        for (Jwk key : published.keys()) {
            if (keyId.equals(key.kid()) && "OKP".equals(key.kty()) && "Ed25519".equals(key.crv()) && key.x() != null) {
                store.pinKey(key);
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
