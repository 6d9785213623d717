package dev.licex.desktop.app;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;

/**
 * Runs an action once, when the catalog has finished loading for the first time in a session
 * (a session that arrives before the catalog exists is passed over). The catalog loads again
 * after every reconnect and simulated restart; the start-up report and the
 * screenshot tour each want only the first (a tour started at every load ran several tours at
 * once, which shot one view under another's name).
 */
final class FirstCatalogLoad {

    private FirstCatalogLoad() {
    }

    /**
     * @param session the app's session, set once connected
     * @param loading whether the catalog is loading, or null while there is no catalog yet
     */
    static void then(ObservableValue<?> session, Supplier<ObservableBooleanValue> loading, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        session.addListener((o, previous, current) -> {
            ObservableBooleanValue catalogLoading = loading.get();
            if (current != null && catalogLoading != null && !done.get()) {
                catalogLoading.addListener((p, was, now) -> {
                    if (was && !now && done.compareAndSet(false, true)) {
                        action.run();
                    }
                });
            }
        });
    }
}
