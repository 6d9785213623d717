package dev.licex.protocol.server;

import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.store.Database;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.store.Migrations;
import dev.licex.protocol.store.StoreCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A rights server's whole in-memory state over its database: pool, engine, router, keys. A
 * simulated crash ({@link #restart}) throws all of it away and rebuilds it from the database,
 * exactly as a fresh process would.
 */
public final class ServerRuntime implements AutoCloseable {

    /** The server's Flyway migrations. */
    public static final Migrations MIGRATIONS = new Migrations("db/server", "6");
    /**
     * H2's page cache for the server's store, in KB, against H2's default of 16 MB under a 256 MB
     * heap: the cached pages were most of what the server's young collections copied, and with 2 MB
     * those pauses were a third shorter at the same rate, on a new store and on one of 1.2 million
     * transactions (docs/performance.md).
     */
    static final int H2_PAGE_CACHE_KB = 2048;
    /**
     * How often the server's H2 file is forced to disk, which lets H2 keep dead chunks 5 s instead of
     * 45 s: fewer long-lived objects for every young collection to copy, and a lower p99 at half the
     * maximum rate (docs/performance.md); a power cut loses at most about the last second of commits
     * (docs/durability.md).
     */
    static final Duration H2_DISK_SYNC_EVERY = Duration.ofSeconds(1);
    /** How long a restart lets requests on the old pool finish before it closes the pool anyway. */
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(2);

    private final DatabaseConfig config;
    private final RateLimit rateLimit;
    private final ProtocolListener events;
    private final Clock clock;
    private final StoreCounters counters = new StoreCounters();
    /** Closes the pools that restarts replaced, once the requests on them have finished. */
    private final ScheduledExecutorService drains = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("licex-pool-drain").daemon().factory());
    private final Set<Database> draining = ConcurrentHashMap.newKeySet();
    private volatile Parts parts;

    private record Parts(Database db, ServerEngine engine, ApiRouter router, Accounts accounts, Catalog catalog,
            SigningKeys keys) {
    }

    private ServerRuntime(DatabaseConfig config, RateLimit rateLimit, ProtocolListener events, Clock clock) {
        this.config = config.withH2PageCache(H2_PAGE_CACHE_KB).withH2DiskSync(H2_DISK_SYNC_EVERY);
        this.rateLimit = rateLimit;
        this.events = events;
        this.clock = clock;
        this.parts = build(true);
    }

    public static ServerRuntime start(DatabaseConfig config, ProtocolListener events, Clock clock) {
        return start(config, RateLimit.NONE, events, clock);
    }

    public static ServerRuntime start(DatabaseConfig config, RateLimit rateLimit, ProtocolListener events,
            Clock clock) {
        return new ServerRuntime(config, rateLimit, events, clock);
    }

    private Parts build(boolean migrate) {
        Database db = Database.open(config, MIGRATIONS, migrate, counters);
        SigningKeys keys = SigningKeys.load(db, clock);
        ServerEngine engine = new ServerEngine(db, keys, events, clock);
        Accounts accounts = new Accounts(db, clock);
        Catalog catalog = new Catalog(db, clock);
        return new Parts(db, engine, new ApiRouter(engine, accounts, catalog, keys, rateLimit, events, clock), accounts,
                catalog, keys);
    }

    public ApiRouter router() {
        return parts.router();
    }

    public ServerEngine engine() {
        return parts.engine();
    }

    public Accounts accounts() {
        return parts.accounts();
    }

    public Catalog catalog() {
        return parts.catalog();
    }

    public SigningKeys keys() {
        return parts.keys();
    }

    public Database database() {
        return parts.db();
    }

    /** The store's counters over this runtime's life, restarts included. */
    public StoreCounters storeCounters() {
        return counters;
    }

    /**
     * Discards every in-memory structure and comes back up from the database. The new pool opens
     * before the old one closes: closing first released an H2 store's file lock for a moment, in
     * which another process could take the store and this restart would then fail. Requests already
     * running on the old pool finish on it, as if they had finished just before the crash; their
     * clients' connections are cut, so they learn nothing of it (the protocol's repeats recover).
     */
    public synchronized void restart(String reason) {
        Parts crashed = parts;
        parts = build(false);
        Database old = crashed.db();
        draining.add(old);
        old.closeWhenDrained(DRAIN_PATIENCE, drains).thenRun(() -> draining.remove(old));
        events.on(new ProtocolEvent.ServerRestarted(clock.instant(), Side.SERVER, null, reason));
    }

    @Override
    public synchronized void close() {
        // no interrupts: one that reaches H2 in the middle of a write closes its file
        drains.shutdown();
        draining.forEach(Database::close);
        parts.db().close();
    }
}
