package dev.licex.protocol.testing.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL from zonky's binaries, run by root as the unprivileged user {@code nobody} through
 * {@code setpriv}: for root on a machine where user namespaces are not allowed (a container with
 * the default seccomp profile, for one), where zonky's own {@code unshare -U} cannot help and
 * initdb refuses to run as root. The binaries and the data directory are made readable and owned
 * by {@code nobody}; nothing here needs a display, docker or an installed PostgreSQL.
 */
final class UnprivilegedPostgres implements PostgresProcess {

    private final Path binaries;
    private final Path data;
    private final Path log;
    private final int port;

    private UnprivilegedPostgres(Path binaries, Path data, Path log, int port) {
        this.binaries = binaries;
        this.data = data;
        this.log = log;
        this.port = port;
    }

    static UnprivilegedPostgres start(Path log) {
        try {
            Path binaries = extractBinaries();
            Path data = Files.createTempDirectory("licex-pg-data-");
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            chownToNobody(data);
            chownToNobody(log);
            UnprivilegedPostgres postgres = new UnprivilegedPostgres(binaries, data, log, freePort());
            postgres.asNobody("initdb", "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8",
                    "--locale=C");
            PostgresSettings.requirePassword(data);
            List<String> options = new ArrayList<>(List.of("-p", Integer.toString(postgres.port), "-F",
                    "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=" + data));
            PostgresSettings.server().forEach((key, value) -> options.addAll(List.of("-c", key + "=" + value)));
            postgres.asNobody("pg_ctl", "-D", data.toString(), "-l", log.toString(), "-o", String.join(" ", options),
                    "-w", "-t", "60", "start");
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL as nobody (log: " + log + ")", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            asNobody("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | RuntimeException e) {
            // still remove the data directory; a server that did not stop has lost it and exits
        }
        deleteTree(data);
    }

    private void asNobody(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + id("-u"), "--regid=" + id("-g"),
                "--clear-groups", "--", binaries.resolve("bin").resolve(program).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(program + " failed as nobody; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + program, e);
        }
    }

    /** Unpacks zonky's PostgreSQL archive once per machine into a folder every user may read and run. */
    private static Path extractBinaries() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "licex-pg-binaries-" + archiveTag());
        Path done = target.resolve(".complete");
        if (Files.exists(done)) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "licex-pg-binaries-");
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
                TarArchiveInputStream tar = new TarArchiveInputStream(
                        new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = staging.resolve(entry.getName()).normalize();
                if (!file.startsWith(staging)) {
                    throw new IOException("unexpected path in the PostgreSQL archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0111) != 0 || entry.getName().contains("bin/");
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                            executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(staging.resolve(".complete"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherJvmWasFirst) {
            deleteTree(staging);
        }
        return target;
    }

    /** Names the unpacked folder after the archive's jar, so another PostgreSQL version unpacks anew. */
    private static String archiveTag() {
        java.net.URL archive = DefaultPostgresBinaryResolver.class.getClassLoader()
                .getResource("postgres-linux-x86_64.txz");
        return Integer.toHexString(String.valueOf(archive).hashCode());
    }

    private static void chownToNobody(Path path) throws IOException {
        run("chown", id("-u") + ":" + id("-g"), path.toString());
    }

    private static String id(String which) {
        try {
            return run("id", which, "nobody").trim();
        } catch (IOException e) {
            throw new UncheckedIOException("there is no user nobody to run PostgreSQL as", e);
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the operating system cleans up what is left
        }
    }
}
