package dev.licex.desktop.transactions;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.licex.desktop.common.Sections;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.client.HistoryEntry;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** Transactions: every transaction of this device, unfinished ones highlighted, their history. */
public final class TransactionsView extends BorderPane {

    private static final PseudoClass UNFINISHED = PseudoClass.getPseudoClass("unfinished");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    public TransactionsView(TransactionsViewModel model) {
        setId("transactions-view");
        TableView<ClientTransaction> table = new TableView<>(model.rows());
        table.setId("transactions-table");
        table.getStyleClass().addAll(Tweaks.EDGE_TO_EDGE);
        table.setPlaceholder(new Label("No transactions yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ClientTransaction, String> started = column("Started", 150, tx -> TIME.format(tx.createdAt()));
        started.setMinWidth(140);
        table.getColumns().add(started);
        table.getColumns().add(column("What", 210, tx -> (tx.kind().name().equals("RETURN") ? "Return: " : "")
                + (tx.label() != null ? tx.label() : tx.offerId())));
        table.getColumns().add(column("State", 120, tx -> tx.state().name()));
        table.getColumns().add(column("Retries", 76, tx -> Integer.toString(tx.attempts())));
        table.getColumns().add(column("Server", 150, ClientTransaction::server));
        table.getColumns().add(column("Transaction id", 290, tx -> tx.transactionId().toString()));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ClientTransaction tx, boolean empty) {
                super.updateItem(tx, empty);
                pseudoClassStateChanged(UNFINISHED, !empty && tx != null && tx.state().isUnfinished());
            }
        });
        java.util.UUID[] chosen = new java.util.UUID[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, a, tx) -> {
            model.selectedProperty().set(tx);
            if (tx != null) {
                chosen[0] = tx.transactionId();
            }
        });
        // A refresh replaces the rows; the same transaction stays selected.
        model.rows().addListener((javafx.collections.ListChangeListener<ClientTransaction>) change -> {
            if (chosen[0] != null) {
                model.rows().stream().filter(tx -> tx.transactionId().equals(chosen[0])).findFirst()
                        .ifPresent(tx -> table.getSelectionModel().select(tx));
            }
        });

        Button resume = new Button("Resume", new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
        resume.setId("transaction-resume");
        resume.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !TransactionsViewModel.resumable(model.selectedProperty().get()), model.selectedProperty()));
        resume.setOnAction(e -> model.resume(model.selectedProperty().get()));
        Button resumeAll = new Button("Resume all", new FontIcon(MaterialDesignR.RESTART));
        resumeAll.setId("transaction-resume-all");
        resumeAll.getStyleClass().add(Styles.ACCENT);
        resumeAll.setOnAction(e -> model.resumeAll());
        Button cancel = new Button("Cancel...", new FontIcon(MaterialDesignC.CANCEL));
        cancel.setId("transaction-cancel");
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !TransactionsViewModel.cancellable(model.selectedProperty().get()), model.selectedProperty()));
        cancel.setOnAction(e -> confirmCancel(model));
        Button refresh = new Button("", new FontIcon(MaterialDesignR.REFRESH));
        refresh.getStyleClass().add(Styles.BUTTON_ICON);
        refresh.setOnAction(e -> model.refresh());
        Label summary = Sections.muted("");
        summary.setId("transactions-summary");
        summary.textProperty().bind(model.summaryProperty());
        HBox toolbar = new HBox(10, resumeAll, resume, cancel, refresh, Sections.spacer(), summary);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        ListView<HistoryEntry> history = new ListView<>(model.history());
        history.setId("transaction-history");
        history.setPlaceholder(new Label("Select a transaction to see each step it went through."));
        history.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(HistoryEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : TIME.format(entry.at()) + "  " + entry.state() + "\n"
                        + (entry.detail() == null ? "" : entry.detail()));
                setWrapText(true);
            }
        });
        SplitPane split = new SplitPane(table, history);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        setCenter(Sections.frame("Transactions", Sections.muted("Every exchange this device started. Unfinished "
                + "ones are safe in the store and finish when resumed with the same transaction id."), toolbar, split));
    }

    private void confirmCancel(TransactionsViewModel model) {
        ClientTransaction tx = model.selectedProperty().get();
        ButtonType cancelIt = new ButtonType("Cancel purchase", ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType("Keep", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Cancel the acquisition of \""
                + (tx.label() != null ? tx.label() : tx.offerId()) + "\"? Its rights will never be used on this "
                + "device and the server restores the stock. If the server completed it already, the cancellation "
                + "is refused and you keep the rights.", cancelIt, keep);
        confirm.setHeaderText("Cancel this acquisition?");
        confirm.initOwner(getScene().getWindow());
        confirm.showAndWait().filter(cancelIt::equals).ifPresent(b -> model.cancel(tx));
    }

    private static TableColumn<ClientTransaction, String> column(String name, double width,
            Function<ClientTransaction, String> value) {
        TableColumn<ClientTransaction, String> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}
