package dev.licex.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.rights.ListedRights;
import dev.licex.protocol.rights.ListingEntry;
import dev.licex.protocol.rights.RightsStatus;
import dev.licex.protocol.rights.UseRefusedException;
import dev.licex.protocol.store.DatabaseConfig;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing shows rights from the columns of their rows, a page at a time, and never trusts an edited row. */
class ListingTest {

    @TempDir
    Path dir;
    private TestServer server;
    private TestDevice device;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server"));
        device = TestDevice.of(dir.resolve("device"), server.transport());
    }

    @AfterEach
    void stop() {
        device.close();
        server.close();
    }

    private UUID acquire(String offer, String title) throws Exception {
        return ((Outcome.Completed) device.engine.acquire(offer, title)).rights().rightsId();
    }

    private void edit(String sql, UUID rightsId) throws Exception {
        DatabaseConfig config = DatabaseConfig.h2(dir.resolve("device"), "device");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, rightsId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private ListingEntry listed(UUID rightsId) {
        return device.store.listing(0, 100).stream().filter(e -> e.rights().rightsId().equals(rightsId))
                .findFirst().orElseThrow();
    }

    @Test
    void aListingShowsTheTermsOfTheSignedRightsAndTheTitle() throws Exception {
        UUID rightsId = acquire(TestServer.SONG, "Harbour Lights");

        ListingEntry entry = listed(rightsId);

        var held = device.store.rights(rightsId).orElseThrow();
        assertThat(entry.status()).isEqualTo(RightsStatus.VALID);
        assertThat(entry.rights()).isEqualTo(held.listed());
        assertThat(entry.rights().title()).isEqualTo("Harbour Lights");
        assertThat(entry.rights().plays()).isEqualTo(held.rights().rules().plays());
        assertThat(entry.rights().playsLeft()).isEqualTo(3);
        assertThat(entry.rights().notAfter()).isEqualTo(held.rights().rules().notAfterInstant());
    }

    @Test
    void pagesFollowEachOtherNewestFirstAndCoverEveryRights() throws Exception {
        List<UUID> acquired = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acquired.add(acquire(TestServer.FILM, "Film " + i));
        }

        List<ListingEntry> pages = new ArrayList<>(device.store.listing(0, 2));
        pages.addAll(device.store.listing(2, 2));
        pages.addAll(device.store.listing(4, 2));

        assertThat(device.store.rightsCount()).isEqualTo(5);
        assertThat(pages).extracting(e -> e.rights().rightsId()).containsExactlyInAnyOrderElementsOf(acquired)
                .containsExactlyElementsOf(device.store.listing(0, 100).stream().map(e -> e.rights().rightsId())
                        .toList());
        assertThat(pages).extracting(e -> e.rights().storedAt()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(device.store.listing(6, 2)).isEmpty();
    }

    @Test
    void editedTermsInTheRowAreListedInvalidAndCannotBeUsed() throws Exception {
        UUID rightsId = acquire(TestServer.SONG, "Harbour Lights");

        edit("UPDATE rights SET plays = 300 WHERE rights_id = ?", rightsId);

        assertThat(listed(rightsId).status()).isEqualTo(RightsStatus.SIGNATURE_INVALID);
        assertThatThrownBy(() -> device.store.use(rightsId)).isInstanceOf(UseRefusedException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void anEditedBodyIsListedInvalidThoughItsColumnsAreUntouched() throws Exception {
        UUID rightsId = acquire(TestServer.SONG, "Harbour Lights");

        edit("UPDATE rights SET body = REPLACE(body, '\"plays\":3', '\"plays\":300') WHERE rights_id = ?", rightsId);

        assertThat(listed(rightsId).status()).isEqualTo(RightsStatus.SIGNATURE_INVALID);
    }

    @Test
    void aBodyThatIsNoLongerJsonIsListedInvalidWithTheOthers() throws Exception {
        UUID broken = acquire(TestServer.SONG, "Harbour Lights");
        UUID intact = acquire(TestServer.FILM, "The Long Voyage");

        edit("UPDATE rights SET body = 'not json' WHERE rights_id = ?", broken);

        assertThat(listed(broken).status()).isEqualTo(RightsStatus.SIGNATURE_INVALID);
        assertThat(listed(intact).status()).isEqualTo(RightsStatus.VALID);
    }

    @Test
    void aRetitledRowStaysValidForTheTitleIsTheDevicesOwn() throws Exception {
        UUID rightsId = acquire(TestServer.SONG, "Harbour Lights");

        edit("UPDATE rights SET title = 'My favourite song' WHERE rights_id = ?", rightsId);

        ListedRights shown = listed(rightsId).rights();
        assertThat(shown.title()).isEqualTo("My favourite song");
        assertThat(listed(rightsId).status()).as("the title is the device's own, not signed").isEqualTo(RightsStatus.VALID);
    }
}
