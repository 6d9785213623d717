package dev.licex.desktop.handshake;

import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Records what both sides do, transaction by transaction: the device's events from its engine and
 * store, and, with the embedded simulator, the server's. The newest transactions come first; only
 * the most recent are kept, so a long session does not grow without bound.
 */
public final class TraceRecorder implements AutoCloseable {

    static final int KEPT = 100;
    private static final int TITLE_LOOKUPS = 3;
    private static final Duration RESTART_BELONGS_TO_ACTIVE = Duration.ofSeconds(10);

    private final LicexSession session;
    private final Threads threads;
    private final ObservableList<TransactionTrace> traces = FXCollections.observableArrayList();
    private final Map<UUID, TransactionTrace> byId = new HashMap<>();
    private final Set<UUID> known = ConcurrentHashMap.newKeySet();
    private final Set<UUID> titled = ConcurrentHashMap.newKeySet();
    /** The first event may come before its transaction is committed, so a title is looked up a few times. */
    private final Map<UUID, Integer> lookups = new ConcurrentHashMap<>();
    private final ProtocolListener client = this::arrived;
    private final ProtocolListener server = this::arrived;

    public TraceRecorder(LicexSession session, Threads threads) {
        this.session = session;
        this.threads = threads;
        session.events().subscribe(client);
        if (session.simulator() != null) {
            session.simulator().events().subscribe(server);
        }
    }

    /** Whether the server's side is visible (the embedded simulator), or only the device's. */
    public boolean seesServer() {
        return session.simulator() != null;
    }

    /**
     * On the thread that caused the event. A trace starts with the device's first event (it always
     * stores T before sending); the server's events for transactions of other devices, such as a
     * chaos run's, are dropped here, before they cost the server anything.
     */
    private void arrived(ProtocolEvent event) {
        UUID tid = event.transactionId();
        if (tid != null && event.side() == Side.SERVER && !known.contains(tid)) {
            return;
        }
        if (tid != null) {
            known.add(tid);
        }
        String title = tid == null || event.side() != Side.CLIENT ? null : title(tid);
        threads.onUi(() -> record(event, title));
    }

    private String title(UUID tid) {
        if (titled.contains(tid) || lookups.merge(tid, 1, Integer::sum) > TITLE_LOOKUPS) {
            return null;
        }
        String title = session.store().find(tid).map(tx -> tx.label() != null ? tx.label() : tx.offerId())
                .orElse(null);
        if (title != null) {
            titled.add(tid);
            lookups.remove(tid);
        }
        return title;
    }

    /** Adds one event; on the UI thread. */
    void record(ProtocolEvent event, String title) {
        if (event.transactionId() == null) {
            // A restart belongs to the transactions in flight when it happened.
            traces.stream().filter(t -> !t.finished()
                    && Duration.between(t.lastActivity(), event.at()).compareTo(RESTART_BELONGS_TO_ACTIVE) < 0)
                    .forEach(t -> t.events().add(event));
            return;
        }
        TransactionTrace trace = byId.get(event.transactionId());
        if (trace == null) {
            trace = new TransactionTrace(event.transactionId());
            byId.put(event.transactionId(), trace);
            traces.add(0, trace);
            if (traces.size() > KEPT) {
                UUID evicted = traces.remove(traces.size() - 1).transactionId();
                byId.remove(evicted);
                known.remove(evicted);
                titled.remove(evicted);
                lookups.remove(evicted);
            }
        }
        trace.title(title);
        trace.events().add(event);
    }

    public ObservableList<TransactionTrace> traces() {
        return traces;
    }

    @Override
    public void close() {
        session.events().unsubscribe(client);
        if (session.simulator() != null) {
            session.simulator().events().unsubscribe(server);
        }
    }
}
