package dev.licex.desktop.app;

import dev.licex.desktop.common.Notice;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Shows notices as ControlsFX notifications in the corner of the window. */
final class Notifier {

    private final Window owner;

    Notifier(Window owner) {
        this.owner = owner;
    }

    void show(Notice notice) {
        Notifications toast = Notifications.create()
                .owner(owner)
                .title(notice.title())
                .text(notice.text())
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(Duration.seconds(notice.level() == Notice.Level.ERROR ? 12 : 6));
        switch (notice.level()) {
            case SUCCESS -> toast.showConfirm();
            case WARNING -> toast.showWarning();
            case ERROR -> toast.showError();
            default -> toast.showInformation();
        }
    }
}
