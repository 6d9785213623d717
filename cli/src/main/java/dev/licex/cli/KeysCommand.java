package dev.licex.cli;

import dev.licex.protocol.server.ServerRuntime;
import dev.licex.protocol.server.SigningKeys;
import dev.licex.protocol.signature.Jwk;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code licex server keys list|rotate}: the server's signing keys. */
@Command(name = "keys", description = "The server's Ed25519 signing keys.",
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
final class KeysCommand {

    @Command(name = "list", description = "List the published keys; the first line is the one servers sign with.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerStoreOptions store;

        @Override
        public Integer call() throws Exception {
            try (ServerRuntime server = AccountCommand.open(store)) {
                PrintWriter out = spec.commandLine().getOut();
                out.println("active: " + server.keys().active().keyId());
                for (Jwk key : server.keys().published().keys()) {
                    out.println("published: " + key.kid() + "  x=" + key.x());
                }
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "rotate", description = "Make a new signing key the active one. Old keys stay published so "
            + "rights they signed keep verifying; restart the servers to sign with the new key.")
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerStoreOptions store;

        @Override
        public Integer call() throws Exception {
            try (ServerRuntime server = AccountCommand.open(store)) {
                String keyId = SigningKeys.rotate(server.database(), Clock.systemUTC());
                spec.commandLine().getOut().println("new active key " + keyId + "; restart the servers to use it");
                return ExitCodes.OK;
            }
        }
    }
}
