package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.testing.postgres.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code licex server --jdbc} on a real PostgreSQL that checks passwords: the password comes from
 * the environment or a file and never from the command line, the schema is created on an empty
 * database, and every way the database can be wrong ends in one clear line and the contract's
 * exit code.
 */
class PostgresServerCommandTest {

    @TempDir
    Path dir;
    private ChildJvm server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void startsOnAnEmptyDatabaseWithThePasswordFromTheEnvironmentAndNotOnItsCommandLine() throws Exception {
        String jdbc = TestPostgres.url(TestPostgres.emptyDatabase());

        server = ChildJvm.start(Licex.class, List.of("server", "--port", "0", "--jdbc", jdbc, "--db-user",
                TestPostgres.PASSWORD_USER, "--seed-demo"), Map.of("LICEX_DB_PASSWORD", TestPostgres.PASSWORD),
                "listening on");

        String base = server.lines().stream().filter(l -> l.startsWith("listening on ")).findFirst().orElseThrow()
                .substring("listening on ".length());
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> catalog = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/catalog"))
                    .header("Authorization", "Bearer alice-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(catalog.statusCode()).isEqualTo(200);
            assertThat(catalog.body()).contains("\"total\":48");
        }
        // what ps shows every user of the machine (ProcessHandle.Info cuts long command lines short)
        Path cmdline = Path.of("/proc", Long.toString(server.process().pid()), "cmdline");
        String commandLine = Files.exists(cmdline) ? Files.readString(cmdline).replace('\0', ' ')
                : String.join(" ", server.process().info().arguments().orElse(new String[0]));
        assertThat(commandLine).contains("--jdbc").doesNotContain(TestPostgres.PASSWORD);
    }

    @Test
    void aPasswordFileWorksToo() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("db-password"), TestPostgres.PASSWORD + "\n");

        server = ChildJvm.start(Licex.class, List.of("server", "--port", "0", "--jdbc",
                TestPostgres.url(TestPostgres.emptyDatabase()), "--db-user", TestPostgres.PASSWORD_USER,
                "--db-password-file", passwordFile.toString()), "listening on");

        assertThat(server.process().isAlive()).isTrue();
    }

    @Test
    void aWrongPasswordIsOneLineAndAUsageError() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("db-password"), "not-the-password");

        Result result = licex("server", "--port", "0", "--jdbc", TestPostgres.url(TestPostgres.emptyDatabase()),
                "--db-user", TestPostgres.PASSWORD_USER, "--db-password-file", passwordFile.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLines()).singleElement().asString()
                .contains("password authentication failed").contains("LICEX_DB_PASSWORD");
    }

    @Test
    void aMissingPasswordIsOneLineAndAUsageError() throws Exception {
        Result result = licex("server", "--port", "0", "--jdbc", TestPostgres.url(TestPostgres.emptyDatabase()),
                "--db-user", TestPostgres.PASSWORD_USER);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLines()).singleElement().asString().contains("no password was provided");
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() throws Exception {
        Result result = licex("server", "--port", "0", "--jdbc", TestPostgres.url("no_such_database"),
                "--db-user", TestPostgres.SUPERUSER);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLines()).singleElement().asString().contains("\"no_such_database\" does not exist");
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExitFour() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result result = licex("server", "--port", "0", "--jdbc",
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/licex");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLines()).singleElement().asString()
                .contains("127.0.0.1:" + closedPort).contains("reachable");
    }

    @Test
    void aPasswordInTheUrlIsRefusedBecausePsWouldShowIt() throws Exception {
        Result result = licex("server", "--port", "0", "--jdbc",
                TestPostgres.url("licex") + "?user=licex&password=secret");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLines()).singleElement().asString().contains("LICEX_DB_PASSWORD");
    }

    private record Result(int exitCode, List<String> errorLines) {
    }

    private static Result licex(String... args) {
        StringWriter err = new StringWriter();
        int exit = Licex.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Result(exit, err.toString().lines().filter(l -> !l.isBlank()).toList());
    }
}
