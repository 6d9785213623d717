package dev.licex.protocol.client;

import dev.licex.protocol.signature.Jwk;
import dev.licex.protocol.signature.JwkSet;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server keys the device trusts. A key id seen once is pinned in the device's store: if the
 * server later publishes different key material under that id, rights signed with it are refused.
 * A new key id (a rotation) is fetched from {@code /.well-known/licex-keys} and pinned.
 */
final class KeyRing {

    private final ClientStore store;
    private final ServerConnection server;
    /** Pinned keys never change, so once read they are kept here rather than read per verification. */
    private final Map<String, Jwk> pinned = new ConcurrentHashMap<>();

    KeyRing(ClientStore store, ServerConnection server) {
        this.store = store;
        this.server = server;
    }

    /** The trusted key with this id, fetching the server's key set when it is new. */
    synchronized Optional<Jwk> key(String keyId) throws IOException {
        if (keyId == null) {
            return Optional.empty();
        }
        Jwk known = pinned.get(keyId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Jwk> stored = store.pinnedKey(keyId);
        if (stored.isPresent()) {
            pinned.put(keyId, stored.get());
            return stored;
        }
        JwkSet published = server.keys();
        if (published.keys() == null) {
            return Optional.empty();
        }
        for (Jwk key : published.keys()) {
            if (keyId.equals(key.kid()) && "OKP".equals(key.kty()) && "Ed25519".equals(key.crv()) && key.x() != null) {
                store.pinKey(key);
                pinned.put(keyId, key);
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
