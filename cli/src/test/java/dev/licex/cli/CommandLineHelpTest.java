package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The command line registers only the subcommand its first argument names (picocli's reflection
 * over every command cost each start about 0.1 s); help, version and mistakes still see them all.
 */
class CommandLineHelpTest {

    @Test
    void helpListsEverySubcommand() {
        CliRun help = CliRun.of("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("server", "acquire", "recover", "licenses", "cancel", "return", "chaos",
                "bench", "help").contains("Exit codes:");
    }

    @Test
    void aSubcommandsHelpShowsItsOwnOptionsAndTheInheritedOnes() {
        CliRun help = CliRun.of("licenses", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("licex licenses", "--store", "--page-size", "--help", "--version");
    }

    @Test
    void theHelpCommandShowsASubcommandsUsage() {
        CliRun help = CliRun.of("help", "acquire");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("licex acquire", "--offer", "--token");
    }

    @Test
    void versionIsAnsweredBeforeAndAfterASubcommand() {
        CliRun before = CliRun.of("--version");
        CliRun after = CliRun.of("licenses", "--version");

        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).isNotBlank().isEqualTo(after.out());
        assertThat(after.exitCode()).isZero();
    }

    @Test
    void aMistypedSubcommandIsAUsageErrorThatSuggestsTheRightOne() {
        CliRun typo = CliRun.of("licences", "--store", "x");

        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("licenses");
    }
}
