package dev.licex.desktop.catalog;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.licex.desktop.common.Sections;
import dev.licex.protocol.message.CatalogItem;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import atlantafx.base.controls.CustomTextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/** The catalog: search, kind filter, the virtualized offer table, and the acquisitions under way. */
public final class CatalogView extends BorderPane {

    private final TableView<CatalogItem> table = new TableView<>();
    private final CustomTextField search = new CustomTextField();

    public CatalogView(CatalogViewModel model) {
        setId("catalog-view");
        search.setId("catalog-search");
        search.setPromptText("Search titles and descriptions (Ctrl+F)");
        search.setLeft(new FontIcon(MaterialDesignM.MAGNIFY));
        search.textProperty().bindBidirectional(model.queryProperty());
        search.setPrefColumnCount(28);
        ComboBox<String> kind = new ComboBox<>(model.kinds());
        kind.setId("catalog-kind");
        kind.valueProperty().bindBidirectional(model.kindProperty());
        Label count = Sections.muted("");
        count.setId("catalog-count");
        count.textProperty().bind(model.statusProperty());
        Button acquire = new Button("Acquire", new FontIcon(MaterialDesignC.CART_ARROW_DOWN));
        acquire.setId("acquire-selected");
        acquire.getStyleClass().add(Styles.ACCENT);
        acquire.setDefaultButton(false);
        acquire.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        acquire.setOnAction(e -> model.acquire(table.getSelectionModel().getSelectedItem()));
        HBox toolbar = new HBox(10, search, kind, count, Sections.spacer(), acquire);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        table.setId("catalog-table");
        table.setItems(model.visibleOffers());
        table.setPlaceholder(new Label("No offer matches."));
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Title", 250, c -> c.title()));
        table.getColumns().add(column("Kind", 72, c -> c.kind()));
        table.getColumns().add(column("Usage rules", 150, c -> c.rules().describe()));
        TableColumn<CatalogItem, Number> stock = new TableColumn<>("Stock");
        stock.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().stock()));
        stock.setPrefWidth(72);
        stock.setMinWidth(64);
        stock.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().add(stock);
        table.getColumns().add(column("Description", 380, c -> c.description()));
        TableColumn<CatalogItem, CatalogItem> action = new TableColumn<>("");
        action.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        action.setCellFactory(c -> new AcquireCell(model));
        action.setPrefWidth(110);
        action.setSortable(false);
        table.getColumns().add(1, action);
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                model.acquire(table.getSelectionModel().getSelectedItem());
            }
        });

        ListView<AcquisitionActivity> activity = new ListView<>(model.activity());
        activity.setId("catalog-activity");
        activity.setPrefHeight(120);
        activity.setCellFactory(l -> new ActivityCell());
        activity.setPlaceholder(new Label("Acquisitions you start appear here with the leg they are on."));
        Label activityTitle = new Label("Acquisitions");
        activityTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox bottom = new VBox(6, activityTitle, activity);
        bottom.setPadding(new Insets(10, 0, 0, 0));
        bottom.visibleProperty().bind(Bindings.isNotEmpty(model.activity()));
        bottom.managedProperty().bind(bottom.visibleProperty());

        VBox content = new VBox(10, table, bottom);
        VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
        setCenter(Sections.frame("Catalog", Sections.muted("Everything you can acquire. Acquiring runs the "
                + "six-leg handshake in the background; a lost message is repaired by resending it."), toolbar,
                content));
    }

    public void focusSearch() {
        search.requestFocus();
    }

    private static TableColumn<CatalogItem, String> column(String name, double width,
            java.util.function.Function<CatalogItem, String> value) {
        TableColumn<CatalogItem, String> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private static final class AcquireCell extends TableCell<CatalogItem, CatalogItem> {
        private final Button button = new Button("Acquire");
        private final CatalogViewModel model;

        AcquireCell(CatalogViewModel model) {
            this.model = model;
            button.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_OUTLINED, Styles.ACCENT);
            button.setOnAction(e -> model.acquire(getItem()));
        }

        @Override
        protected void updateItem(CatalogItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            button.setDisable(item.stock() == 0);
            button.setId("acquire-" + item.offerId());
            setGraphic(button);
        }
    }

    private static final class ActivityCell extends ListCell<AcquisitionActivity> {
        @Override
        protected void updateItem(AcquisitionActivity item, boolean empty) {
            super.updateItem(item, empty);
            textProperty().unbind();
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            ProgressBar bar = new ProgressBar();
            bar.progressProperty().bind(item.progressProperty());
            bar.setPrefWidth(140);
            Label title = new Label(item.title());
            title.getStyleClass().add(Styles.TEXT_BOLD);
            title.setMinWidth(220);
            Label step = new Label();
            step.textProperty().bind(item.stepProperty());
            step.getStyleClass().add("text-muted");
            HBox row = new HBox(12, bar, title, step);
            row.setAlignment(Pos.CENTER_LEFT);
            setGraphic(row);
        }
    }
}
