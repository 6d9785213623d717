package dev.licex.desktop.connection;

import atlantafx.base.theme.Styles;
import dev.licex.desktop.common.Sections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Connection: the embedded simulator or a remote server, with a test before switching. */
public final class ConnectionView extends BorderPane {

    public ConnectionView(ConnectionViewModel model) {
        setId("connection-view");
        ToggleGroup group = new ToggleGroup();
        RadioButton embedded = new RadioButton("Embedded simulator: a rights server inside this app, with the "
                + "demo catalog, signed in as alice");
        embedded.setId("connection-embedded");
        RadioButton remote = new RadioButton("Remote rights server");
        remote.setId("connection-remote");
        embedded.setToggleGroup(group);
        remote.setToggleGroup(group);
        (model.embeddedProperty().get() ? embedded : remote).setSelected(true);
        group.selectedToggleProperty().addListener((o, a, b) -> model.embeddedProperty().set(b == embedded));

        TextField url = new TextField();
        url.setId("connection-url");
        url.setPromptText("https://rights.example.com");
        url.textProperty().bindBidirectional(model.urlProperty());
        PasswordField token = new PasswordField();
        token.setId("connection-token");
        token.setPromptText("your account's token");
        token.textProperty().bindBidirectional(model.tokenProperty());
        GridPane form = new GridPane(12, 10);
        form.addRow(0, new Label("Server address"), url);
        form.addRow(1, new Label("Token"), token);
        form.setPadding(new Insets(0, 0, 0, 28));
        url.setPrefColumnCount(32);
        form.disableProperty().bind(model.embeddedProperty());

        Button test = new Button("Test connection");
        test.setId("connection-test");
        test.disableProperty().bind(model.testingProperty());
        test.setOnAction(e -> model.test());
        Button apply = new Button("Connect");
        apply.setId("connection-apply");
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setOnAction(e -> model.apply());
        HBox buttons = new HBox(10, test, apply);
        Label result = new Label();
        result.setId("connection-result");
        result.setWrapText(true);
        result.textProperty().bind(model.resultProperty());

        VBox content = new VBox(14, embedded, remote, form, buttons, result);
        content.setAlignment(Pos.TOP_LEFT);
        setCenter(Sections.frame("Connection", Sections.muted("Where this app gets its rights from. The choice is "
                + "remembered; plain http:// is accepted only for this machine."), new HBox(), content));
    }
}
