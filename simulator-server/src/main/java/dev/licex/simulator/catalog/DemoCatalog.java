package dev.licex.simulator.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.OfferRules;
import dev.licex.protocol.server.Offer;
import dev.licex.protocol.server.ServerRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The demo catalog (films, series, music, ebooks, games) and the demo accounts {@code alice} and
 * {@code bob} with their well-known tokens. Seeding happens once: a store that has the demo
 * accounts already is left as it is, so stock used in earlier runs stays used.
 */
public final class DemoCatalog {

    public static final String ALICE_TOKEN = "alice-token";
    public static final String BOB_TOKEN = "bob-token";
    private static final String RESOURCE = "/demo-catalog.json";

    private DemoCatalog() {
    }

    private record DemoOffer(String offerId, String contentId, String title, String kind, String description,
            OfferRules rules) {
    }

    public static List<Offer> offers(int stock) {
        try (InputStream in = DemoCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the simulator's jar");
            }
            List<DemoOffer> demo = Json.mapper().readValue(in, new TypeReference<List<DemoOffer>>() { });
            return demo.stream()
                    .map(d -> new Offer(d.offerId(), d.contentId(), d.title(), d.kind(), d.description(), d.rules(),
                            stock))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo catalog", e);
        }
    }

    /**
     * Seeds the demo catalog and accounts unless they exist; returns whether it seeded. Under the
     * store's setup lock, so of several instances starting together on one empty database exactly
     * one seeds and the others find its catalog.
     */
    public static boolean seed(ServerRuntime server, int stock) {
        if (server.accounts().exists("alice")) {
            return false;
        }
        return server.database().exclusively(() -> {
            if (server.accounts().exists("alice")) {
                return false;
            }
            server.catalog().add(offers(stock));
            server.accounts().create("alice", ALICE_TOKEN);
            server.accounts().create("bob", BOB_TOKEN);
            return true;
        });
    }
}
