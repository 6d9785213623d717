package dev.licex.desktop.common;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The common frame of a section: a title, a line of explanation, a toolbar, and the content. */
public final class Sections {

    private Sections() {
    }

    public static VBox frame(String title, Node subtitle, Node toolbar, Node content) {
        Label heading = new Label(title);
        heading.getStyleClass().add("title-2");
        VBox header = new VBox(2, heading, subtitle);
        VBox frame = new VBox(12, header, toolbar, content);
        frame.setPadding(new Insets(18, 20, 16, 20));
        VBox.setVgrow(content, Priority.ALWAYS);
        return frame;
    }

    public static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("text-muted");
        label.setWrapText(true);
        return label;
    }

    public static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
