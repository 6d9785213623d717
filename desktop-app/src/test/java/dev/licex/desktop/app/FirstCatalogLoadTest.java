package dev.licex.desktop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

class FirstCatalogLoadTest {

    private final SimpleObjectProperty<String> session = new SimpleObjectProperty<>();
    private final SimpleBooleanProperty loading = new SimpleBooleanProperty();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void runsOnceWhenTheFirstCatalogHasLoadedNotAtEveryReload() {
        FirstCatalogLoad.then(session, () -> loading, runs::incrementAndGet);

        session.set("first");
        loading.set(true);
        assertThat(runs).hasValue(0);
        loading.set(false);
        assertThat(runs).hasValue(1);

        loading.set(true);
        loading.set(false);
        session.set(null);
        session.set("after a restart");
        loading.set(true);
        loading.set(false);
        assertThat(runs).hasValue(1);
    }

    @Test
    void waitsForACatalogThatDoesNotExistYetWhenTheSessionArrives() {
        SimpleObjectProperty<SimpleBooleanProperty> catalogLoading = new SimpleObjectProperty<>();
        FirstCatalogLoad.then(session, catalogLoading::get, runs::incrementAndGet);

        session.set("first, before the catalog");
        catalogLoading.set(loading);
        loading.set(true);
        loading.set(false);
        assertThat(runs).hasValue(0);

        session.set("second, with the catalog");
        loading.set(true);
        loading.set(false);
        assertThat(runs).hasValue(1);
    }
}
