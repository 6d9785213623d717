package dev.licex.desktop.licenses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.desktop.service.LicexSession;
import dev.licex.desktop.service.Threads;
import dev.licex.desktop.settings.ConnectionChoice;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.rights.RightsStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** My licenses' view-model against a real embedded simulator, without a window. */
class LicensesViewModelTest {

    @TempDir
    Path home;
    LicexSession session;
    Threads threads;

    @BeforeEach
    void open() throws Exception {
        session = LicexSession.open(home, ConnectionChoice.embeddedSimulator());
        // "UI thread" work runs in place: there is no toolkit here
        threads = new Threads(Executors.newCachedThreadPool(), Runnable::run);
    }

    @AfterEach
    void close() {
        threads.close();
        session.close();
    }

    @Test
    void moreLicensesThanTheFirstScreenAllArriveNewestFirst() throws Exception {
        List<String> offers = session.catalog().stream().map(CatalogItem::offerId).toList();
        List<UUID> acquired = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            Outcome outcome = session.engine().acquire(offers.get(i % offers.size()), null);
            acquired.add(((Outcome.Completed) outcome).rights().rightsId());
        }
        LicensesViewModel model = new LicensesViewModel(session, threads, notice -> { }, () -> { });

        model.refresh();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> model.rows().size() == 205);
        assertThat(model.summaryProperty().get()).isEqualTo("205 licenses on this device");
        assertThat(model.rows()).extracting(row -> row.rights().rightsId())
                .as("the first screen and then the rest").containsExactlyInAnyOrderElementsOf(acquired);
        assertThat(model.rows()).extracting(row -> row.rights().storedAt()).as("newest first")
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(model.rows()).extracting(LicenseRow::status).containsOnly(RightsStatus.VALID);
    }
}
