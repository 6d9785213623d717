package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * picocli formats every description with {@code String.format}; a lone percent sign makes it
     * print warnings to the process's standard error on every {@code --help}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"server", "acquire", "recover", "licenses", "cancel", "return", "chaos", "bench"})
    void aSubcommandsHelpPrintsNoFormattingWarnings(String subcommand) {
        PrintStream standardError = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        CliRun help;
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            help = CliRun.of(subcommand, "--help");
        } finally {
            System.setErr(standardError);
        }

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("licex " + subcommand).doesNotContain("%n");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
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
