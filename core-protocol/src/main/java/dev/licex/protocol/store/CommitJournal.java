package dev.licex.protocol.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the commits of an H2 file store durable by appending the rows they wrote to a journal
 * beside the store ({@code NAME.NNNNNNNN.journal}), instead of having H2 write its pages for every
 * group of commits; H2's file itself is written at a checkpoint, once a second on the server.
 * H2 rewrites every B-tree page a commit touched, and its bookkeeping, at each write: that was a
 * third of the server's CPU per acquisition (docs/performance.md, "A journal instead of a write of
 * the store per group").
 *
 * <p>A commit's images are appended while its transaction still holds its row locks, so the order
 * of the journal is the order in which conflicting transactions changed a row. The appends are
 * written by a thread of their own, in groups, and a commit is acknowledged once its append is in
 * the file: like H2's writes, that survives {@code kill -9} of the process.
 *
 * <p>A checkpoint notes the newest record whose transaction has committed in H2's memory with every
 * record before it, writes H2's file (which then holds all of them), forces it and the journal to
 * disk when the store has a disk sync, and removes the journal's segments that hold nothing newer.
 * After a crash, {@link #replayLeftOver} applies every record still in the journal to the store
 * before it is used: the images are whole rows, so a record whose change the store already holds
 * changes nothing.
 *
 * <p>One journal serves every {@link Database} open on the same file in this process (a simulated
 * restart opens a second one while the first drains); the last to close it checkpoints it.
 * Neither of its threads is ever interrupted: an interrupt that reaches a file operation of H2
 * closes the file for every connection of the process.
 */
final class CommitJournal {

    private static final Logger LOG = LoggerFactory.getLogger(CommitJournal.class);
    private static final String SUFFIX = ".journal";
    private static final int HEADER_BYTES = 2 * Integer.BYTES;
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
    /** Guarded by the class. */
    private static final Map<Path, CommitJournal> ATTACHED = new HashMap<>();

    private final Path storeFile;
    private final boolean forceToDisk;
    private final Duration checkpointEvery;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Thread writer;
    private final ScheduledExecutorService checkpoints;

    /** Guarded by lock. */
    private List<ByteBuffer> pending = new ArrayList<>();
    private CompletableFuture<Void> nextWrite = new CompletableFuture<>();
    private long lastSequence;
    private long pendingUpTo;
    /** Records appended whose transactions have not yet committed in H2's memory (or failed to). */
    private final TreeSet<Long> uncommitted = new TreeSet<>();
    private boolean rotate;
    private boolean closing;
    private boolean broken;
    /** Segments the writer has moved past, oldest first. */
    private final List<Segment> finished = new ArrayList<>();

    /** Written by the writer under lock; the writer alone may read it without. */
    private Segment current;
    /** The writer's own. */
    private long segmentNumber;
    private ByteBuffer direct = ByteBuffer.allocateDirect(64 * 1024);

    /** Guarded by the class. */
    private int users;
    private volatile StoreCounters counters;
    private volatile MVStore store;
    private long checkpointedUpTo;

    /** A record's place in the journal, and its write. */
    record Ticket(long sequence, CompletableFuture<Void> written) {
    }

    private static final class Segment {
        private final Path path;
        private final FileChannel channel;
        private volatile long upTo;
        /** Bytes of whole writes; the writer's own. */
        private long written;

        Segment(Path path) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    private CommitJournal(Path storeFile, StoreCounters counters, Duration checkpointEvery, boolean forceToDisk) {
        this.storeFile = storeFile;
        this.counters = counters;
        this.forceToDisk = forceToDisk;
        this.checkpointEvery = checkpointEvery;
        this.segmentNumber = segmentsOf(storeFile).stream().mapToLong(CommitJournal::numberOf).max().orElse(0);
        this.writer = Thread.ofPlatform().name("licex-journal-writer").daemon().unstarted(this::writeUntilClosed);
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("licex-checkpoint").daemon().factory());
        writer.start();
        checkpoints.scheduleWithFixedDelay(this::checkpointQuietly, checkpointEvery.toMillis(),
                checkpointEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The journal of {@code storeFile} in this process, opened if no {@link Database} has it open yet. */
    static CommitJournal attach(Path storeFile, StoreCounters counters, Duration checkpointEvery, boolean forceToDisk) {
        synchronized (CommitJournal.class) {
            CommitJournal journal = ATTACHED.computeIfAbsent(storeFile,
                    file -> new CommitJournal(file, counters, checkpointEvery, forceToDisk));
            journal.users++;
            journal.counters = counters;
            return journal;
        }
    }

    /** A database is done with the journal; the last one checkpoints and closes it. */
    void detach() {
        synchronized (CommitJournal.class) {
            if (--users > 0) {
                return;
            }
            ATTACHED.remove(storeFile);
        }
        close();
    }

    /** The H2 store the journal's commits go to; H2 opens a new one when a closed database is opened again. */
    void writesTo(MVStore mvStore) {
        store = mvStore;
    }

    /** Appends one transaction's images; call it before the transaction commits, while it holds its locks. */
    Ticket append(byte[] payload) throws SQLException {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length)
                .putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        lock.lock();
        try {
            if (closing) {
                throw new SQLException("the store at " + storeFile + " is closing: its journal takes no more commits");
            }
            if (broken) {
                throw new SQLException("the journal of the store at " + storeFile + " could not be written and"
                        + " then not repaired (the server's log says why, often a full disk): free the disk and"
                        + " restart the server");
            }
            long sequence = ++lastSequence;
            uncommitted.add(sequence);
            pending.add(record);
            pendingUpTo = sequence;
            appended.signal();
            return new Ticket(sequence, nextWrite);
        } finally {
            lock.unlock();
        }
    }

    /** The record's transaction committed in H2's memory, or failed: a checkpoint need not wait for it. */
    void settled(long sequence) {
        lock.lock();
        try {
            uncommitted.remove(sequence);
        } finally {
            lock.unlock();
        }
    }

    private void writeUntilClosed() {
        while (true) {
            List<ByteBuffer> records;
            CompletableFuture<Void> written;
            long upTo;
            boolean newSegment;
            lock.lock();
            try {
                while (pending.isEmpty()) {
                    if (closing) {
                        return;
                    }
                    appended.awaitUninterruptibly();
                }
                records = pending;
                pending = new ArrayList<>();
                written = nextWrite;
                nextWrite = new CompletableFuture<>();
                upTo = pendingUpTo;
                newSegment = rotate || current == null;
                rotate = false;
            } finally {
                lock.unlock();
            }
            try {
                long start = System.nanoTime();
                if (newSegment) {
                    startSegment();
                }
                write(records);
                current.upTo = upTo;
                counters.wroteFile(System.nanoTime() - start);
                written.complete(null);
            } catch (IOException | RuntimeException e) {
                cutBack();
                written.completeExceptionally(e);
            }
        }
    }

    private void startSegment() throws IOException {
        replaceCurrent(new Segment(storeFile.resolveSibling(storeFile.getFileName() + "."
                + String.format("%08d", ++segmentNumber) + SUFFIX)));
    }

    /** The segment being written becomes a finished one, and {@code next} (null once closing) takes its place. */
    private void replaceCurrent(Segment next) {
        lock.lock();
        try {
            if (current != null) {
                finished.add(current);
            }
            current = next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a failed write, removes what it left of its records: a replay stops at the first record
     * cut short, so a later record behind one would be lost. When that fails too the journal takes
     * no more commits, since none could be kept.
     */
    private void cutBack() {
        Segment segment = current;
        if (segment == null) {
            return;
        }
        try {
            segment.channel.truncate(segment.written);
            segment.channel.position(segment.written);
        } catch (IOException | RuntimeException e) {
            LOG.error("the journal segment {} could not be cut back after a failed write ({}): the store at {}"
                    + " takes no more commits until the server is restarted", segment.path, e.getMessage(), storeFile);
            lock.lock();
            try {
                broken = true;
            } finally {
                lock.unlock();
            }
        }
    }

    private void write(List<ByteBuffer> records) throws IOException {
        int size = 0;
        for (ByteBuffer record : records) {
            size += record.remaining();
        }
        if (direct.capacity() < size) {
            direct = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1);
        }
        direct.clear();
        for (ByteBuffer record : records) {
            direct.put(record);
        }
        direct.flip();
        while (direct.hasRemaining()) {
            current.channel.write(direct);
        }
        current.written += size;
    }

    /** Never throws: an exception would cancel every later checkpoint of the schedule. */
    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not checkpoint the store at {}; its journal keeps the commits until the next try: {}",
                    storeFile, e.getMessage());
        }
    }

    private void checkpoint() throws IOException {
        long horizon;
        lock.lock();
        try {
            horizon = uncommitted.isEmpty() ? lastSequence : uncommitted.first() - 1;
            if (horizon == checkpointedUpTo && finished.isEmpty()) {
                return;
            }
            rotate = true;
        } finally {
            lock.unlock();
        }
        MVStore mvStore = store;
        if (mvStore == null || mvStore.isClosed()) {
            return;
        }
        long start = System.nanoTime();
        mvStore.executeFilestoreOperation(mvStore::commit);
        if (forceToDisk) {
            mvStore.sync();
            for (Segment segment : segmentsToForce()) {
                segment.channel.force(false);
            }
            long took = System.nanoTime() - start;
            counters.syncedToDisk(took);
            H2DiskSync.warnIfSlow(took, checkpointEvery, storeFile.toString());
        }
        checkpointedUpTo = horizon;
        removeSegmentsUpTo(horizon);
    }

    private List<Segment> segmentsToForce() {
        lock.lock();
        try {
            List<Segment> segments = new ArrayList<>(finished);
            Segment writing = current;
            if (writing != null) {
                segments.add(writing);
            }
            return segments;
        } finally {
            lock.unlock();
        }
    }

    private void removeSegmentsUpTo(long horizon) throws IOException {
        List<Segment> covered = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Segment> it = finished.iterator(); it.hasNext(); ) {
                Segment segment = it.next();
                if (segment.upTo <= horizon) {
                    covered.add(segment);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Segment segment : covered) {
            segment.channel.close();
            Files.deleteIfExists(segment.path);
        }
    }

    /**
     * Lets the writer write every record appended so far, then checkpoints: with no transaction
     * left in flight, H2's file then holds everything and no segment is left.
     */
    private void close() {
        checkpoints.shutdown();
        try {
            if (!checkpoints.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a checkpoint of the store at {} still had not finished after {}", storeFile, STOP_PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            closing = true;
            appended.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replaceCurrent(null);
        checkpointQuietly();
        lock.lock();
        try {
            for (Segment segment : finished) {
                try {
                    segment.channel.close();
                } catch (IOException e) {
                    LOG.warn("could not close the journal segment {}: {}", segment.path, e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a crash, applies every commit the journal of {@code storeFile} still holds to the
     * store, writes the store and removes the journal; nothing when no segment is left or a
     * {@link Database} of this process has the journal open. Call it before the store is used or
     * migrated: the images are in the schema the journal was written with.
     */
    static void replayLeftOver(Path storeFile, DataSource pool, String location) {
        synchronized (CommitJournal.class) {
            if (ATTACHED.containsKey(storeFile)) {
                return;
            }
            List<Path> segments = segmentsOf(storeFile);
            if (segments.isEmpty()) {
                return;
            }
            long records = 0;
            try (Connection connection = pool.getConnection()) {
                RowImageReplay replay = new RowImageReplay(connection);
                for (Path segment : segments) {
                    long applied = replay(segment, replay);
                    if (applied < 0) {
                        records -= applied + 1;
                        break;
                    }
                    records += applied;
                }
                connection.commit();
                MVStore mvStore = H2Store.of(connection);
                mvStore.executeFilestoreOperation(mvStore::commit);
                mvStore.sync();
                for (Path segment : segments) {
                    Files.deleteIfExists(segment);
                }
            } catch (SQLException | IOException | RuntimeException e) {
                throw new StoreException("Could not apply the commit journal of the store at " + location
                        + " (files " + storeFile.getFileName() + ".*" + SUFFIX + "): " + e.getMessage()
                        + "; the journal is kept, so opening the store again tries once more", e);
            }
            LOG.info("applied {} commits from the journal of the store at {}, left by a process that ended"
                    + " without closing it", records, location);
        }
    }

    /**
     * Applies one segment's records in order; returns how many, or -(n + 1) when it stopped after n
     * at a record cut short or damaged, which no later record can follow.
     */
    private static long replay(Path segment, RowImageReplay replay) throws IOException, SQLException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(segment));
        long applied = 0;
        while (in.remaining() >= HEADER_BYTES) {
            int length = in.getInt();
            int checksum = in.getInt();
            // no record is empty: a length of 0 is a tail the disk never wrote, read back as zeros
            if (length <= 0 || length > in.remaining()) {
                return cutShort(segment, in, applied);
            }
            ByteBuffer payload = in.slice(in.position(), length);
            CRC32C crc = new CRC32C();
            crc.update(payload.duplicate());
            if ((int) crc.getValue() != checksum) {
                return cutShort(segment, in, applied);
            }
            replay.apply(RowImages.read(payload));
            in.position(in.position() + length);
            applied++;
        }
        if (in.hasRemaining()) {
            return cutShort(segment, in, applied);
        }
        return applied;
    }

    private static long cutShort(Path segment, ByteBuffer in, long applied) {
        LOG.warn("the journal segment {} ends in a record cut short or damaged after {} whole records; a"
                + " commit whose record was not whole was never acknowledged, so it is left out", segment, applied);
        return -(applied + 1);
    }

    private static List<Path> segmentsOf(Path storeFile) {
        String prefix = storeFile.getFileName() + ".";
        Path folder = storeFile.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(SUFFIX)
                        && name.length() > prefix.length() + SUFFIX.length()
                        && name.substring(prefix.length(), name.length() - SUFFIX.length()).chars()
                                .allMatch(Character::isDigit);
            }).sorted((a, b) -> Long.compare(numberOf(a), numberOf(b))).toList();
        } catch (IOException e) {
            throw new StoreException("Could not list the commit journal beside " + storeFile + ": " + e.getMessage(),
                    e);
        }
    }

    private static long numberOf(Path segment) {
        String name = segment.getFileName().toString();
        int end = name.length() - SUFFIX.length();
        return Long.parseLong(name.substring(name.lastIndexOf('.', end - 1) + 1, end));
    }
}
