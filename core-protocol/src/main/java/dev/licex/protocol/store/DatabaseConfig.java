package dev.licex.protocol.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a store lives: an embedded H2 file in a folder (the default), or a PostgreSQL URL.
 *
 * @param jdbcUrl  the JDBC URL, built by {@link #h2(Path, String)} or given for PostgreSQL
 * @param user     database user, or null
 * @param password database password, or null
 * @param poolSize the maximum connections this process keeps open
 * @param location what to name in messages: the folder, or the URL without credentials
 * @param diskSyncEvery on an H2 file, how often its writes are forced to disk; null for never
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize, String location,
        Duration diskSyncEvery) {

    /**
     * H2's retention time, as a multiple of the interval at which the file is forced to disk: space
     * of a dead chunk is reused only this many intervals after the chunk was written, by which time
     * the writes that replaced it have been forced to disk (four intervals to spare for slow ones).
     */
    static final int RETENTION_IN_SYNC_INTERVALS = 5;

    public DatabaseConfig(String jdbcUrl, String user, String password, int poolSize, String location) {
        this(jdbcUrl, user, password, poolSize, location, null);
    }

    /**
     * An H2 file store. {@code WRITE_DELAY=0} makes every commit write its chunk to the file
     * before the commit returns, so an acknowledged commit survives {@code kill -9} of this
     * process (H2 otherwise writes up to 500 ms later). Power-loss durability would also need
     * an fsync per commit, which H2 does not offer per commit; see docs/durability.md. The query
     * cache holds every statement licex prepares, so none is parsed twice on a connection.
     * {@code MAX_COMPACT_TIME=0} keeps H2 from moving chunks to shrink the file when the store
     * closes: in 2.4.240 that move trips H2's own assertions (its free-space map and its chunks
     * disagree), and H2's tracker has reports of recent rows lost across a close that point at it
     * (h2database#4247, #4123). Free space is reused by later writes instead (docs/durability.md).
     */
    public static DatabaseConfig h2(Path folder, String name) {
        Path file = folder.toAbsolutePath().resolve(name);
        String url = "jdbc:h2:file:" + file
                + ";WRITE_DELAY=0"
                + ";LOCK_TIMEOUT=15000"
                + ";QUERY_CACHE_SIZE=64"
                + ";MAX_COMPACT_TIME=0"
                + ";DB_CLOSE_ON_EXIT=FALSE"
                + ";AUTO_SERVER=FALSE";
        return new DatabaseConfig(url, "licex", "", 8, folder.toAbsolutePath().toString());
    }

    /**
     * An H2 store in memory, gone when the process ends: for load generators whose own durability
     * is not what is being measured. Never for a real device.
     */
    public static DatabaseConfig h2InMemory(String name) {
        return new DatabaseConfig("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=15000;QUERY_CACHE_SIZE=64",
                "licex", "", 4,
                "memory:" + name);
    }

    public static DatabaseConfig postgres(String jdbcUrl, String user, String password, int poolSize) {
        int query = jdbcUrl.indexOf('?');
        return new DatabaseConfig(jdbcUrl, user, password, poolSize, query < 0 ? jdbcUrl : jdbcUrl.substring(0, query));
    }

    /**
     * On an H2 file, H2's cache of B-tree pages limited to {@code kilobytes}; any other store as it
     * is. Pages in that cache outlive the young collections that find them, so its size sets most of
     * what each young pause copies.
     */
    public DatabaseConfig withH2PageCache(int kilobytes) {
        return isH2File()
                ? new DatabaseConfig(jdbcUrl + ";CACHE_SIZE=" + kilobytes, user, password, poolSize, location,
                        diskSyncEvery)
                : this;
    }

    /**
     * On an H2 file, its writes forced to disk {@code every} so often by the {@link Database} that
     * opens it, and H2's retention time cut from its default of 45 s to
     * {@value #RETENTION_IN_SYNC_INTERVALS} such intervals; any other store as it is.
     *
     * <p>H2 overwrites the space of a dead chunk once the retention time has passed since the chunk
     * was written, assuming that by then the operating system has put every later write on disk;
     * otherwise a power cut could leave the file's newest chunks pointing into overwritten space.
     * H2's 45 s leaves that to Linux's write-back of dirty pages (within 30 s). Forcing the writes
     * out on a schedule makes the assumption hold within a few seconds, and a store that keeps
     * fewer dead chunks has less bookkeeping for every write to update and every young collection
     * to copy (docs/performance.md). It also bounds what a power cut can take to about the last
     * interval's commits.
     */
    public DatabaseConfig withH2DiskSync(Duration every) {
        if (!isH2File()) {
            return this;
        }
        long retentionMillis = every.toMillis() * RETENTION_IN_SYNC_INTERVALS;
        return new DatabaseConfig(jdbcUrl + ";RETENTION_TIME=" + retentionMillis, user, password, poolSize, location,
                every);
    }

    public DatabaseConfig withPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size, location, diskSyncEvery);
    }

    /** The H2 file store's path without H2's extension, e.g. {@code /data/server}; only for {@link #isH2File}. */
    Path h2File() {
        int options = jdbcUrl.indexOf(';');
        return Path.of(jdbcUrl.substring("jdbc:h2:file:".length(), options < 0 ? jdbcUrl.length() : options))
                .toAbsolutePath();
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** An H2 store in a file, as opposed to one in memory or a PostgreSQL database. */
    public boolean isH2File() {
        return jdbcUrl.startsWith("jdbc:h2:file:");
    }
}
