package dev.licex.cli;

import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.server.Account;
import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.store.StoreException;
import dev.licex.protocol.store.StoreUnreachableException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code licex server account add|list|revoke}: the server's accounts, on its store. */
@Command(name = "account", description = "Manage the server's accounts and their tokens.",
        subcommands = {AccountCommand.Add.class, AccountCommand.ListAccounts.class, AccountCommand.Revoke.class})
final class AccountCommand {

    static ServerRuntime open(ServerStoreOptions store) throws Exception {
        try {
            return ServerRuntime.start(store.database(), new EventBus(), Clock.systemUTC());
        } catch (StoreUnreachableException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
        } catch (StoreException e) {
            throw new CliFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    @Command(name = "add", description = "Create an account; its token is printed once and never stored.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerStoreOptions store;
        @Parameters(paramLabel = "NAME", description = "a-z, 0-9, '.', '_', '-'")
        String name;

        @Override
        public Integer call() throws Exception {
            try (ServerRuntime server = open(store)) {
                String token = server.accounts().create(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println("created account " + name + "; its token (shown only now, keep it safe):");
                out.println(token);
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCodes.USAGE, e.getMessage());
            }
        }
    }

    @Command(name = "list", description = "List the accounts.")
    static final class ListAccounts implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerStoreOptions store;

        @Override
        public Integer call() throws Exception {
            try (ServerRuntime server = open(store)) {
                PrintWriter out = spec.commandLine().getOut();
                for (Account account : server.accounts().list()) {
                    out.println(account.name() + "  created " + account.createdAt()
                            + (account.active() ? "" : "  REVOKED " + account.revokedAt()));
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke an account's token: it is refused from now on (by running "
            + "servers within 5 seconds).")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerStoreOptions store;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (ServerRuntime server = open(store)) {
                if (!server.accounts().revoke(name)) {
                    throw new CliFailure(ExitCodes.USAGE, "there is no active account named " + name);
                }
                spec.commandLine().getOut().println("revoked the token of " + name);
                return ExitCodes.OK;
            }
        }
    }
}
