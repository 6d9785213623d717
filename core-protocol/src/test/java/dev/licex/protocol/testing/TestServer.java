package dev.licex.protocol.testing;

import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.fault.FaultInjector;
import dev.licex.protocol.fault.FaultPlan;
import dev.licex.protocol.message.OfferRules;
import dev.licex.protocol.server.Offer;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.transport.InProcessTransport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A real server runtime on an H2 file in a test folder, with a demo account and a few offers. */
public final class TestServer implements AutoCloseable {

    public static final String ALICE = "alice";
    public static final String ALICE_TOKEN = "alice-token";
    public static final String BOB = "bob";
    public static final String BOB_TOKEN = "bob-token";
    public static final String FILM = "film-1";
    public static final String SONG = "song-1";
    public static final String SCARCE = "scarce-1";
    public static final int STOCK = 100;
    public static final int SCARCE_STOCK = 3;

    public final EventBus events = new EventBus();
    public final FaultPlan faults = new FaultPlan();
    public final ServerRuntime runtime;
    public final FaultInjector injector;

    private TestServer(Path folder, boolean seed) {
        runtime = ServerRuntime.start(TestStores.server(folder), events, Clock.systemUTC());
        injector = new FaultInjector(faults, events, Clock.systemUTC());
        if (seed) {
            seed(runtime);
        }
    }

    public static TestServer start(Path folder) {
        return new TestServer(folder, true);
    }

    /** Opens an existing server folder without seeding it again. */
    public static TestServer reopen(Path folder) {
        return new TestServer(folder, false);
    }

    public static void seed(ServerRuntime runtime) {
        runtime.catalog().add(List.of(
                new Offer(FILM, "c-film-1", "The Long Voyage", "film", "A sailing drama.", OfferRules.days(30), STOCK),
                new Offer(SONG, "c-song-1", "Blue Hour", "music", "An album.", OfferRules.plays(3), STOCK),
                new Offer(SCARCE, "c-game-1", "Last Copies", "game", "Almost gone.", OfferRules.unlimited(),
                        SCARCE_STOCK)));
        runtime.accounts().create(ALICE, ALICE_TOKEN);
        runtime.accounts().create(BOB, BOB_TOKEN);
    }

    public InProcessTransport transport() {
        return new InProcessTransport(runtime, injector);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
