package dev.licex.desktop.catalog;

import dev.licex.desktop.common.Messages;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.message.CatalogItem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The catalog: every offer, filtered instantly by text and kind on the client (the list is
 * virtualized, so 10,000 offers stay smooth), and acquisitions running in the background with
 * their progress.
 */
public final class CatalogViewModel {

    public static final String ALL_KINDS = "All kinds";

    private final LicexSession session;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final Runnable onChange;
    private final ObservableList<CatalogItem> offers = FXCollections.observableArrayList();
    private final FilteredList<CatalogItem> visible = new FilteredList<>(offers);
    private final ObservableList<String> kinds = FXCollections.observableArrayList(ALL_KINDS);
    private final StringProperty query = new SimpleStringProperty("");
    private final ObjectProperty<String> kind = new SimpleObjectProperty<>(ALL_KINDS);
    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObservableList<AcquisitionActivity> activity = FXCollections.observableArrayList();
    private final Map<UUID, AcquisitionActivity> running = new ConcurrentHashMap<>();

    /**
     * @param onChange called on the UI thread after an acquisition ended, so other views refresh
     */
    public CatalogViewModel(LicexSession session, Threads threads, Consumer<Notice> notices, Runnable onChange) {
        this.session = session;
        this.threads = threads;
        this.notices = notices;
        this.onChange = onChange;
        query.addListener((o, a, b) -> refilter());
        kind.addListener((o, a, b) -> refilter());
        session.events().subscribe(this::follow);
    }

    private void follow(ProtocolEvent event) {
        AcquisitionActivity tracked = event.transactionId() == null ? null : running.get(event.transactionId());
        if (tracked != null) {
            threads.onUi(() -> tracked.on(event));
        }
    }

    public void load() {
        loading.set(true);
        status.set("Loading the catalog...");
        threads.run(session::catalog, items -> {
            offers.setAll(items);
            kinds.setAll(ALL_KINDS);
            items.stream().map(CatalogItem::kind).distinct().sorted().forEach(kinds::add);
            loading.set(false);
            refilter();
        }, e -> {
            loading.set(false);
            status.set("The catalog could not be loaded: " + Messages.describe(e));
        });
    }

    private void refilter() {
        String text = query.get() == null ? "" : query.get().trim().toLowerCase(Locale.ROOT);
        String chosen = kind.get();
        visible.setPredicate(item -> (chosen == null || ALL_KINDS.equals(chosen) || chosen.equals(item.kind()))
                && (text.isEmpty() || item.title().toLowerCase(Locale.ROOT).contains(text)
                        || item.description().toLowerCase(Locale.ROOT).contains(text)
                        || item.offerId().toLowerCase(Locale.ROOT).contains(text)));
        if (!loading.get()) {
            status.set(visible.size() == offers.size() ? offers.size() + " offers"
                    : visible.size() + " of " + offers.size() + " offers");
        }
    }

    /** Starts acquiring rights for the offer in the background; progress shows in {@link #activity()}. */
    public AcquisitionActivity acquire(CatalogItem item) {
        AcquisitionActivity tracked = new AcquisitionActivity(item.title());
        activity.add(0, tracked);
        threads.run(() -> {
            ClientTransaction tx = session.engine().begin(item.offerId(), item.title());
            tracked.started(tx.transactionId());
            running.put(tx.transactionId(), tracked);
            try {
                return session.engine().drive(tx.transactionId());
            } finally {
                running.remove(tx.transactionId());
            }
        }, outcome -> {
            tracked.finish(outcome instanceof Outcome.Completed ? "done: rights stored"
                    : Messages.forOutcome(item.title(), outcome).title());
            notices.accept(Messages.forOutcome(item.title(), outcome));
            if (outcome instanceof Outcome.Completed) {
                replace(item, new CatalogItem(item.offerId(), item.contentId(), item.title(), item.kind(),
                        item.description(), item.rules(), Math.max(0, item.stock() - 1)));
            }
            onChange.run();
        }, e -> {
            tracked.finish("failed: " + Messages.describe(e));
            notices.accept(Notice.error("Could not acquire " + item.title(), Messages.describe(e)
                    + ". If the transaction was stored it will be resumed from Transactions."));
            onChange.run();
        });
        return tracked;
    }

    private void replace(CatalogItem old, CatalogItem updated) {
        int index = offers.indexOf(old);
        if (index >= 0) {
            offers.set(index, updated);
        }
    }

    public ObservableList<CatalogItem> visibleOffers() {
        return visible;
    }

    public List<CatalogItem> allOffers() {
        return offers;
    }

    public ObservableList<String> kinds() {
        return kinds;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObjectProperty<String> kindProperty() {
        return kind;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObservableList<AcquisitionActivity> activity() {
        return activity;
    }
}
