package dev.licex.desktop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.desktop.licenses.LicenseRow;
import dev.licex.protocol.rights.RightsStatus;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The real app, headless, on its real embedded simulator: what an end user does with it. */
class LicenseManagerTest extends FxRobot {

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

    @Test
    void browseAndSearchTheCatalog() {
        assertThat(AppHarness.rows(this, "#catalog-table")).isEqualTo(48);
        assertThat(AppHarness.text(this, "#connection-label")).startsWith("embedded simulator at http://127.0.0.1:");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> "server answers".equals(
                AppHarness.text(this, "#health-label")));

        clickOn("#catalog-search").write("harbour");
        assertThat(AppHarness.rows(this, "#catalog-table")).isEqualTo(4);
        assertThat(AppHarness.text(this, "#catalog-count")).isEqualTo("4 of 48 offers");

        doubleClickOn("#catalog-search").eraseText(7);
        interact(() -> app.window().catalog().kindProperty().set("music"));
        assertThat(AppHarness.rows(this, "#catalog-table")).isEqualTo(10);
    }

    @Test
    void acquireSeeTheLicenseAndUseItUntilUsedUp() {
        clickOn("#catalog-search").write("mill lane");
        clickOn("#acquire-ebook-mystery-at-mill-lane");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.session(app).store().rights().size() == 1);

        clickOn("#nav-licenses");
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> AppHarness.rows(this, "#licenses-table") == 1);
        TableView<LicenseRow> table = lookup("#licenses-table").queryAs(TableView.class);
        assertThat(table.getItems().get(0).title()).isEqualTo("The Mystery at Mill Lane");
        assertThat(table.getItems().get(0).playsLeft()).isEqualTo("3 of 3");
        clickOn(from(lookup("#licenses-table").<Node>query()).lookup("The Mystery at Mill Lane").<Node>query());
        Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> lookupText("#license-details").contains("rightsId"));
        assertThat(lookupText("#license-details")).contains("Signature: valid");

        for (int play = 1; play <= 3; play++) {
            int expected = 3 - play;
            clickOn("#license-use");
            Awaitility.await().atMost(AppHarness.PATIENCE).until(() -> table.getItems().size() == 1
                    && table.getItems().get(0).playsLeft().equals(expected + " of 3"));
        }
        assertThat(table.getItems().get(0).status()).isEqualTo(RightsStatus.USED_UP);
        assertThat(table.getItems().get(0).state()).isEqualTo("used up");
        clickOn("#license-use");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(AppHarness.session(app).store().rights().get(0).playsUsed()).isEqualTo(3);
    }

    @Test
    void keyboardNavigationReachesEverySection() {
        press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#transactions-view").tryQuery()).isPresent();
        press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#handshake-view").tryQuery()).isPresent();
        press(KeyCode.CONTROL, KeyCode.DIGIT5).release(KeyCode.DIGIT5, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#faultlab-view").tryQuery()).isPresent();
        press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#connection-view").tryQuery()).isPresent();
        press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#catalog-search").query().isFocused()).isTrue();
    }

    @Test
    void theThemeSwitchesAndIsRemembered() {
        clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.shell().darkProperty().get()).isTrue();
        assertThat(app.shell().settings().dark()).isTrue();
    }

    private String lookupText(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return lookup(query).queryAs(javafx.scene.control.TextArea.class).getText();
    }

}
