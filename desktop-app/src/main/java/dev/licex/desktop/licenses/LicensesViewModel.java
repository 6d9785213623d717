package dev.licex.desktop.licenses;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.licex.desktop.common.Messages;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.HistoryEntry;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.ListingEntry;
import dev.licex.protocol.rights.RightsStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The rights held on this device, their state, and what the user can do with them. */
public final class LicensesViewModel {

    /** More rows than any window shows at once. */
    private static final int FIRST_SCREEN = 200;

    private final LicexSession session;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final Runnable onChange;
    private final ObservableList<LicenseRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<LicenseRow> selected = new SimpleObjectProperty<>();
    private final StringProperty details = new SimpleStringProperty("Select a license to see its rights object.");
    private final StringProperty summary = new SimpleStringProperty("");
    /** Which refresh the rows being read belong to: a newer one makes older reads stale. */
    private long generation;

    public LicensesViewModel(LicexSession session, Threads threads, Consumer<Notice> notices, Runnable onChange) {
        this.session = session;
        this.threads = threads;
        this.notices = notices;
        this.onChange = onChange;
        selected.addListener((o, a, row) -> showDetails(row));
    }

    /**
     * Reads the licenses again: the first screen's worth at once, the rest in a second read that
     * the user does not wait for (100,000 rights take about a second to read and check).
     */
    public void refresh() {
        ClientStore store = session.store();
        long current = ++generation;
        threads.run(() -> new FirstScreen(store.rightsCount(), rows(store.listing(0, FIRST_SCREEN))), first -> {
            if (current != generation) {
                return;
            }
            rows.setAll(first.rows());
            summary.set(first.total() + (first.total() == 1 ? " license" : " licenses") + " on this device");
            if (first.rows().size() == FIRST_SCREEN) {
                threads.run(() -> rows(store.listing(FIRST_SCREEN, Integer.MAX_VALUE)), rest -> {
                    if (current == generation) {
                        rows.addAll(rest);
                    }
                }, this::unreadable);
            }
        }, this::unreadable);
    }

    private record FirstScreen(int total, List<LicenseRow> rows) {
    }

    private static List<LicenseRow> rows(List<ListingEntry> entries) {
        return entries.stream().map(LicenseRow::of).toList();
    }

    private void unreadable(Throwable e) {
        summary.set("The licenses could not be read: " + Messages.describe(e));
    }

    /** Uses one play, or says why the rights do not allow it. */
    public void use(LicenseRow row) {
        threads.run(() -> session.store().use(row.rights().rightsId()), used -> {
            Integer left = used.playsLeft();
            notices.accept(Notice.success("Playing " + row.title(), left == null ? "Unlimited plays."
                    : left + (left == 1 ? " play" : " plays") + " left."));
            refresh();
        }, e -> notices.accept(Notice.warning("Cannot use " + row.title(), Messages.describe(e) + ".")));
    }

    /** Returns the rights to the server; they are unusable from the first step. */
    public void returnRights(LicenseRow row) {
        threads.run(() -> session.engine().returnRights(row.rights().rightsId()), outcome -> {
            notices.accept(Messages.forOutcome(row.title(), outcome));
            refresh();
            onChange.run();
        }, e -> notices.accept(Notice.warning("Cannot return " + row.title(), Messages.describe(e) + ".")));
    }

    private void showDetails(LicenseRow row) {
        if (row == null) {
            details.set("Select a license to see its rights object.");
            return;
        }
        threads.run(() -> {
            Optional<HeldRights> found = session.store().rights(row.rights().rightsId());
            if (found.isEmpty()) {
                return "These rights are no longer on this device.";
            }
            HeldRights held = found.get();
            String pretty = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Json.parse(held.body().getBytes(StandardCharsets.UTF_8)));
            String history = session.store().history(held.rights().transactionId()).stream()
                    .map(LicensesViewModel::line).collect(Collectors.joining("\n"));
            return "Signature: " + (row.status() == RightsStatus.SIGNATURE_INVALID
                    ? "INVALID: the rights were changed or belong to another device; they cannot be used"
                    : "valid, Ed25519 with the server key " + held.keyId() + " pinned on this device")
                    + "\nStatus: " + row.state() + "\nPlays used here: " + held.playsUsed()
                    + "\n\nRights object\n" + pretty
                    + "\n\nFrom transaction " + held.rights().transactionId() + "\n" + history;
        }, details::set, e -> details.set("Details unavailable: " + Messages.describe(e)));
    }

    private static String line(HistoryEntry entry) {
        return "  " + entry.at() + "  " + entry.state() + "  " + (entry.detail() == null ? "" : entry.detail());
    }

    public ObservableList<LicenseRow> rows() {
        return rows;
    }

    public ObjectProperty<LicenseRow> selectedProperty() {
        return selected;
    }

    public StringProperty detailsProperty() {
        return details;
    }

    public StringProperty summaryProperty() {
        return summary;
    }
}
