package dev.licex.desktop.app;

import atlantafx.base.theme.Styles;
import dev.licex.desktop.catalog.CatalogView;
import dev.licex.desktop.catalog.CatalogViewModel;
import dev.licex.desktop.common.Notice;
import dev.licex.desktop.connection.ConnectionView;
import dev.licex.desktop.connection.ConnectionViewModel;
import dev.licex.desktop.faultlab.FaultLabView;
import dev.licex.desktop.faultlab.FaultLabViewModel;
import dev.licex.desktop.handshake.HandshakeView;
import dev.licex.desktop.handshake.HandshakeViewModel;
import dev.licex.desktop.licenses.LicensesView;
import dev.licex.desktop.licenses.LicensesViewModel;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.desktop.transactions.TransactionsView;
import dev.licex.desktop.transactions.TransactionsViewModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The window's frame: a header with the connection and its health, navigation between the
 * sections, and the current section. Sections are rebuilt for each connection.
 */
public final class MainWindow extends BorderPane {

    /** The sections, in navigation order; Ctrl+1 to Ctrl+9 select them. */
    public enum Section {
        CATALOG("Catalog", MaterialDesignS.STOREFRONT_OUTLINE),
        LICENSES("My licenses", MaterialDesignL.LICENSE),
        TRANSACTIONS("Transactions", MaterialDesignS.SWAP_HORIZONTAL),
        HANDSHAKE("Handshake", MaterialDesignA.ARROW_LEFT_RIGHT_BOLD_OUTLINE),
        FAULT_LAB("Fault lab", MaterialDesignF.FLASH_ALERT_OUTLINE),
        CONNECTION("Connection", MaterialDesignL.LAN_CONNECT);

        private final String label;
        private final Ikon icon;

        Section(String label, Ikon icon) {
            this.label = label;
            this.icon = icon;
        }
    }

    private final ShellViewModel shell;
    private final Threads threads;
    private final Consumer<Notice> notices;
    private final StackPane content = new StackPane();
    private final Map<Section, ToggleButton> navigation = new LinkedHashMap<>();
    private final ToggleGroup sections = new ToggleGroup();
    private final Map<Section, Node> views = new LinkedHashMap<>();
    private CatalogViewModel catalog;
    private CatalogView catalogView;
    private LicensesViewModel licenses;
    private TransactionsViewModel transactions;
    private HandshakeViewModel handshake;
    private FaultLabViewModel faultLab;

    public MainWindow(ShellViewModel shell, Threads threads, Consumer<Notice> notices) {
        this.shell = shell;
        this.threads = threads;
        this.notices = notices;
        setId("main-window");
        setTop(header());
        setLeft(navigation());
        setCenter(content);
        content.getStyleClass().add("content");
        showConnecting();
        shell.sessionProperty().addListener((o, old, session) -> {
            if (session == null) {
                showConnecting();
            } else {
                build(session);
            }
        });
        shell.problemProperty().addListener((o, a, problem) -> {
            if (!problem.isEmpty()) {
                views.clear();
                views.put(Section.CONNECTION, new ConnectionView(connectionModel()));
                show(Section.CONNECTION);
            }
        });
        setOnKeyPressed(e -> {
            for (Section section : Section.values()) {
                if (new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(section.ordinal() + 1)),
                        KeyCombination.SHORTCUT_DOWN).match(e)) {
                    select(section);
                    e.consume();
                }
            }
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e) && catalogView != null) {
                select(Section.CATALOG);
                catalogView.focusSearch();
                e.consume();
            }
        });
    }

    private Node header() {
        ImageView icon = new ImageView(new Image(MainWindow.class.getResourceAsStream("/dev/licex/desktop/icons/licex-32.png")));
        icon.setFitWidth(28);
        icon.setFitHeight(28);
        Label name = new Label("licex");
        name.getStyleClass().add(Styles.TITLE_3);
        Label tagline = new Label("license manager");
        tagline.getStyleClass().add("text-muted");
        Circle dot = new Circle(5);
        dot.setId("health-dot");
        dot.getStyleClass().add("health-dot");
        Label where = new Label();
        where.setId("connection-label");
        where.textProperty().bind(shell.connectionTextProperty());
        Label health = new Label();
        health.setId("health-label");
        shell.healthProperty().addListener((o, a, h) -> showHealth(dot, health, h));
        showHealth(dot, health, shell.healthProperty().get());
        ToggleButton theme = new ToggleButton(null, new FontIcon(MaterialDesignW.WEATHER_NIGHT));
        theme.setId("theme-toggle");
        theme.getStyleClass().add(Styles.BUTTON_ICON);
        theme.selectedProperty().bindBidirectional(shell.darkProperty());
        theme.setFocusTraversable(true);
        HBox bar = new HBox(10, icon, name, tagline, dev.licex.desktop.common.Sections.spacer(), dot, where, health,
                theme);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 16, 10, 16));
        bar.getStyleClass().add("header");
        where.setMinWidth(0);
        HBox.setHgrow(where, Priority.SOMETIMES);
        return bar;
    }

    private static void showHealth(Circle dot, Label label, ShellViewModel.Health health) {
        dot.getStyleClass().removeAll("up", "down", "connecting");
        dot.getStyleClass().add(health.name().toLowerCase());
        label.setText(switch (health) {
            case UP -> "server answers";
            case DOWN -> "server does not answer";
            case CONNECTING -> "connecting";
        });
    }

    private Node navigation() {
        VBox nav = new VBox(4);
        nav.setPadding(new Insets(14, 8, 14, 8));
        nav.getStyleClass().add("navigation");
        nav.setPrefWidth(190);
        nav.setMinWidth(150);
        for (Section section : Section.values()) {
            ToggleButton button = new ToggleButton(section.label, new FontIcon(section.icon));
            button.setId("nav-" + section.name().toLowerCase());
            button.setToggleGroup(sections);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setAlignment(Pos.CENTER_LEFT);
            button.getStyleClass().add("nav-button");
            button.setOnAction(e -> select(section));
            navigation.put(section, button);
            nav.getChildren().add(button);
        }
        return nav;
    }

    public void select(Section section) {
        navigation.get(section).setSelected(true);
        show(section);
    }

    private void show(Section section) {
        Node view = views.get(section);
        if (view == null) {
            return;
        }
        content.getChildren().setAll(view);
        navigation.get(section).setSelected(true);
        if (section == Section.LICENSES && licenses != null) {
            licenses.refresh();
        }
        if (section == Section.TRANSACTIONS && transactions != null) {
            transactions.refresh();
        }
    }

    private void showConnecting() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        Label label = new Label();
        label.textProperty().bind(shell.connectionTextProperty());
        VBox waiting = new VBox(14, spinner, label);
        waiting.setAlignment(Pos.CENTER);
        content.getChildren().setAll(waiting);
    }

    private ConnectionViewModel connectionModel() {
        return new ConnectionViewModel(shell.settings().connection(), threads, shell::connect);
    }

    private void build(LicexSession session) {
        Runnable changed = () -> {
            licenses.refresh();
            transactions.refresh();
        };
        catalog = new CatalogViewModel(session, threads, notices, changed);
        licenses = new LicensesViewModel(session, threads, notices, changed);
        transactions = new TransactionsViewModel(session, threads, notices, changed);
        catalogView = new CatalogView(catalog);
        if (handshake != null) {
            handshake.close();
            faultLab.close();
        }
        handshake = new HandshakeViewModel(session, threads, notices, () -> {
            changed.run();
            catalog.load();
        });
        faultLab = new FaultLabViewModel(session, threads, notices);
        views.clear();
        views.put(Section.CATALOG, catalogView);
        views.put(Section.LICENSES, new LicensesView(licenses));
        views.put(Section.TRANSACTIONS, new TransactionsView(transactions));
        views.put(Section.HANDSHAKE, new HandshakeView(handshake, catalog::allOffers));
        views.put(Section.FAULT_LAB, new FaultLabView(faultLab));
        views.put(Section.CONNECTION, new ConnectionView(connectionModel()));
        catalog.load();
        licenses.refresh();
        transactions.refresh();
        select(Section.CATALOG);
    }

    public CatalogViewModel catalog() {
        return catalog;
    }

    public HandshakeViewModel handshake() {
        return handshake;
    }

    public FaultLabViewModel faultLab() {
        return faultLab;
    }
}
