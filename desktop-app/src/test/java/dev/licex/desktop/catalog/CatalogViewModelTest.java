package dev.licex.desktop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.desktop.common.Notice;
import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.desktop.settings.ConnectionChoice;
import dev.licex.protocol.message.CatalogItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's view-model against a real embedded simulator, without a window. */
class CatalogViewModelTest {

    @TempDir
    Path home;
    LicexSession session;
    Threads threads;
    List<Notice> notices = new CopyOnWriteArrayList<>();
    CatalogViewModel model;

    @BeforeEach
    void open() throws Exception {
        session = LicexSession.open(home, ConnectionChoice.embeddedSimulator());
        // "UI thread" work runs in place: there is no toolkit here
        threads = new Threads(Executors.newCachedThreadPool(), Runnable::run);
        model = new CatalogViewModel(session, threads, notices::add, () -> { });
        model.load();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> model.allOffers().size() == 48);
    }

    @AfterEach
    void close() {
        threads.close();
        session.close();
    }

    @Test
    void searchAndKindFilterNarrowTheOffersInstantly() {
        assertThat(model.visibleOffers()).hasSize(48);
        assertThat(model.kinds()).containsExactly(CatalogViewModel.ALL_KINDS, "ebook", "film", "game", "music",
                "series");

        model.queryProperty().set("harbour");
        assertThat(model.visibleOffers()).extracting(CatalogItem::title).containsExactlyInAnyOrder("Harbour Lights", "Harbour Lights (48-hour rental)", "Harbour Tales (library loan)",
                "Tiny Harbours");
        assertThat(model.statusProperty().get()).endsWith("of 48 offers");

        model.kindProperty().set("film");
        assertThat(model.visibleOffers()).extracting(CatalogItem::kind).containsOnly("film");
        model.queryProperty().set("");
        assertThat(model.visibleOffers()).hasSize(10);
        model.kindProperty().set(CatalogViewModel.ALL_KINDS);
        assertThat(model.visibleOffers()).hasSize(48);
    }

    @Test
    void anAcquisitionReportsItsLegsAndEndsWithTheRightsStoredAndOneUnitLess() {
        CatalogItem song = model.allOffers().stream().filter(o -> o.offerId().equals("music-blue-hour")).findFirst()
                .orElseThrow();

        AcquisitionActivity activity = model.acquire(song);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> activity.finishedProperty().get());
        assertThat(activity.progressProperty().get()).isEqualTo(1.0);
        assertThat(activity.stepProperty().get()).isEqualTo("done: rights stored");
        assertThat(notices).singleElement().extracting(Notice::level).isEqualTo(Notice.Level.SUCCESS);
        assertThat(session.store().rights()).singleElement()
                .satisfies(r -> assertThat(r.label()).isEqualTo("Blue Hour"));
        assertThat(model.allOffers().stream().filter(o -> o.offerId().equals("music-blue-hour")).findFirst()
                .orElseThrow().stock()).isEqualTo(song.stock() - 1);
    }
}
