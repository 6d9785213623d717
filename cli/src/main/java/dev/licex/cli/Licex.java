package dev.licex.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code licex} launcher: one command with a subcommand per task. */
@Command(name = "licex", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Version.class,
        description = "Moves content usage rights from a server to a device exactly once.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:usage error (including a token the server does not accept)",
                "3:business refusal (out of stock, unknown offer)",
                "4:server unreachable after retries (the transaction stays pending for recover)",
                "5:protocol or integrity error"})
public final class Licex implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. They are added to a command line only
     * when needed: picocli reads every added command's options by reflection, which cost each
     * {@code licex} command about 0.1 s (docs/performance.md), so a command line that names its
     * subcommand first gets that one alone.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServerCommand.class, AcquireCommand.class,
            RecoverCommand.class, LicensesCommand.class, CancelCommand.class, ReturnCommand.class,
            ChaosCommand.class, BenchCommand.class, CommandLine.HelpCommand.class);

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
        for (Class<?> subcommand : subcommandsFor(args)) {
            commandLine.addSubcommand(subcommand);
        }
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

    /** The subcommand the first argument names, or all of them for anything else (help, usage errors). */
    private static List<Class<?>> subcommandsFor(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                Command command = subcommand.getAnnotation(Command.class);
                if (command.name().equals(args[0]) && subcommand != CommandLine.HelpCommand.class) {
                    return List.of(subcommand);
                }
            }
        }
        return SUBCOMMANDS;
    }
}
