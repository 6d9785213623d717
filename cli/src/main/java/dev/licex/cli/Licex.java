package dev.licex.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code licex} launcher: one command with a subcommand per task. */
@Command(name = "licex", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "Moves content usage rights from a server to a device exactly once.",
        subcommands = {ServerCommand.class, AcquireCommand.class, RecoverCommand.class, LicensesCommand.class,
                CancelCommand.class, ReturnCommand.class, ChaosCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:usage error (including a token the server does not accept)",
                "3:business refusal (out of stock, unknown offer)",
                "4:server unreachable after retries (the transaction stays pending for recover)",
                "5:protocol or integrity error"})
public final class Licex implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command to run");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a command line with the given output streams; returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Licex());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure failure) {
                cmd.getErr().println(failure.getMessage());
                return failure.exitCode();
            }
            if (e instanceof InterruptedException) {
                cmd.getErr().println("interrupted");
                return ExitCodes.UNREACHABLE;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
