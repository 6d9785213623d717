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
import dev.licex.protocol.rights.RightsStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The rights held on this device, their state, and what the user can do with them. */
public final class LicensesViewModel {

    private final LicexSession session;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final Runnable onChange;
    private final ObservableList<LicenseRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<LicenseRow> selected = new SimpleObjectProperty<>();
    private final StringProperty details = new SimpleStringProperty("Select a license to see its rights object.");
    private final StringProperty summary = new SimpleStringProperty("");

    public LicensesViewModel(LicexSession session, Threads threads, Consumer<Notice> notices, Runnable onChange) {
        this.session = session;
        this.threads = threads;
        this.notices = notices;
        this.onChange = onChange;
        selected.addListener((o, a, row) -> showDetails(row));
    }

    public void refresh() {
        ClientStore store = session.store();
        threads.run(() -> {
            List<HeldRights> held = store.rights();
            List<RightsStatus> statuses = store.statuses(held);
            return IntStream.range(0, held.size()).mapToObj(i -> new LicenseRow(held.get(i), statuses.get(i))).toList();
        }, loaded -> {
            rows.setAll(loaded);
            summary.set(loaded.size() + (loaded.size() == 1 ? " license" : " licenses") + " on this device");
        }, e -> summary.set("The licenses could not be read: " + Messages.describe(e)));
    }

    /** Uses one play, or says why the rights do not allow it. */
    public void use(LicenseRow row) {
        threads.run(() -> session.store().use(row.held().rightsId()), used -> {
            Integer left = used.playsLeft();
            notices.accept(Notice.success("Playing " + row.title(), left == null ? "Unlimited plays."
                    : left + (left == 1 ? " play" : " plays") + " left."));
            refresh();
        }, e -> notices.accept(Notice.warning("Cannot use " + row.title(), Messages.describe(e) + ".")));
    }

    /** Returns the rights to the server; they are unusable from the first step. */
    public void returnRights(LicenseRow row) {
        threads.run(() -> session.engine().returnRights(row.held().rightsId()), outcome -> {
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
        HeldRights held = row.held();
        threads.run(() -> {
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
