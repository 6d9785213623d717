package dev.licex.desktop.licenses;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.licex.desktop.common.Sections;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/** My licenses: the rights on this device, a details pane, Use and Return. */
public final class LicensesView extends BorderPane {

    public LicensesView(LicensesViewModel model) {
        setId("licenses-view");
        // sorted by the table's columns while the rest of a long list is still arriving
        SortedList<LicenseRow> sorted = new SortedList<>(model.rows());
        TableView<LicenseRow> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("licenses-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setPlaceholder(new Label("No licenses yet: acquire something in the Catalog."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Title", 200, LicenseRow::title));
        table.getColumns().add(column("Plays left", 96, LicenseRow::playsLeft));
        table.getColumns().add(column("Valid from", 108, LicenseRow::validFrom));
        table.getColumns().add(column("Valid until", 108, LicenseRow::validUntil));
        table.getColumns().add(column("State", 120, LicenseRow::state));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(LicenseRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("unusable"),
                        !empty && row != null && !row.usable());
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> model.selectedProperty().set(row));
        keepSelection(table, model);

        Button use = new Button("Use", new FontIcon(MaterialDesignP.PLAY));
        use.setId("license-use");
        use.getStyleClass().add(Styles.ACCENT);
        Button giveBack = new Button("Return...", new FontIcon(MaterialDesignU.UNDO_VARIANT));
        giveBack.setId("license-return");
        Button refresh = new Button("", new FontIcon(MaterialDesignR.REFRESH));
        refresh.getStyleClass().add(Styles.BUTTON_ICON);
        refresh.setOnAction(e -> model.refresh());
        disableUnless(use, model, r -> true);
        disableUnless(giveBack, model, r -> r.status() != dev.licex.protocol.rights.RightsStatus.BEING_RETURNED
                && r.status() != dev.licex.protocol.rights.RightsStatus.BEING_CANCELLED);
        use.setOnAction(e -> model.use(model.selectedProperty().get()));
        giveBack.setOnAction(e -> confirmReturn(model));
        Label summary = Sections.muted("");
        summary.textProperty().bind(model.summaryProperty());
        HBox toolbar = new HBox(10, use, giveBack, refresh, Sections.spacer(), summary);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        TextArea details = new TextArea();
        details.setId("license-details");
        details.setEditable(false);
        details.setWrapText(false);
        details.getStyleClass().add("monospace");
        details.textProperty().bind(model.detailsProperty());
        SplitPane split = new SplitPane(table, details);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.64);
        setCenter(Sections.frame("My licenses", Sections.muted("The rights held on this device. Use plays them "
                + "here; Return gives them back to the server, which restores one unit of stock."), toolbar, split));
    }

    /** A refresh replaces the rows; the same license stays selected. */
    private static void keepSelection(TableView<LicenseRow> table, LicensesViewModel model) {
        java.util.UUID[] chosen = new java.util.UUID[1];
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null) {
                chosen[0] = row.rights().rightsId();
            }
        });
        model.rows().addListener((javafx.collections.ListChangeListener<LicenseRow>) change -> {
            if (chosen[0] != null) {
                model.rows().stream().filter(r -> r.rights().rightsId().equals(chosen[0])).findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
        });
    }

    private static void disableUnless(Button button, LicensesViewModel model, Predicate<LicenseRow> allowed) {
        button.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.selectedProperty().get() == null || !allowed.test(model.selectedProperty().get()),
                model.selectedProperty()));
    }

    private void confirmReturn(LicensesViewModel model) {
        LicenseRow row = model.selectedProperty().get();
        ButtonType giveBack = new ButtonType("Return", ButtonBar.ButtonData.OK_DONE);
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Return \"" + row.title() + "\" to the server? "
                + "From this moment it cannot be used on this device; the server restores one unit of stock.",
                giveBack, ButtonType.CANCEL);
        confirm.setHeaderText("Return these rights?");
        confirm.initOwner(getScene().getWindow());
        confirm.showAndWait().filter(giveBack::equals).ifPresent(b -> model.returnRights(row));
    }

    private static TableColumn<LicenseRow, String> column(String name, double width, Function<LicenseRow, String> value) {
        TableColumn<LicenseRow, String> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}
