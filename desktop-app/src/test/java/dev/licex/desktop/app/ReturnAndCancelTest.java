package dev.licex.desktop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.client.ClientState;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.message.LedgerLine;
import java.nio.file.Path;
import javafx.scene.Node;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** Return on a license and Cancel on an unfinished transaction, each confirmed in a dialog. */
class ReturnAndCancelTest extends FxRobot {

    @TempDir
    Path home;
    LicexApp app;

    @BeforeEach
    void start() throws Exception {
        app = AppHarness.launch(home);
    }

    @AfterEach
    void stop() throws Exception {
        AppHarness.stop(app);
    }

    private LedgerLine ledger(String offerId) throws Exception {
        return AppHarness.session(app).connection().ledger().offers().stream()
                .filter(l -> l.offerId().equals(offerId)).findFirst().orElseThrow();
    }

    @Test
    void returningALicenseGivesTheUnitBack() throws Exception {
        ClientStore store = AppHarness.session(app).store();
        clickOn("#catalog-search").write("blue hour");
        clickOn("#acquire-music-blue-hour");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> store.rights().size() == 1);
        clickOn("#nav-licenses");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.rows(this, "#licenses-table") == 1);
        clickOn(from(lookup("#licenses-table").<Node>query()).lookup("Blue Hour").<Node>query());

        clickOn("#license-return");
        clickOn("Return");

        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> store.rights().isEmpty());
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.rows(this, "#licenses-table") == 0);
        LedgerLine line = ledger("music-blue-hour");
        assertThat(line.returned()).isEqualTo(1);
        assertThat(line.stock()).isEqualTo(line.initialStock());
    }

    @Test
    void cancellingAnUnfinishedAcquisitionAfterConfirmation() throws Exception {
        ClientStore store = AppHarness.session(app).store();
        ClientTransaction started = AppHarness.session(app).engine().begin("game-tiny-harbours", "Tiny Harbours");
        clickOn("#nav-transactions");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.rows(this, "#transactions-table") == 1);
        clickOn(from(lookup("#transactions-table").<Node>query()).lookup("Tiny Harbours").<Node>query());

        clickOn("#transaction-cancel");
        clickOn("Cancel purchase");

        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> store.find(started.transactionId()).orElseThrow()
                .state() == ClientState.CANCELLED);
        assertThat(ledger("game-tiny-harbours").issued()).isZero();
    }
}
