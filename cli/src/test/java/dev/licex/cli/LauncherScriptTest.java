package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code licex} launcher script at the project's root: which JVM options each command starts
 * with, and what it says when no suitable Java is found. It runs against a stand-in {@code java}
 * that writes down its arguments, beside a copy of the script and an empty jar, so it needs
 * neither the built jar nor a JVM start per case.
 */
class LauncherScriptTest {

    /** Surefire runs in the module's folder; an IDE may run in the project's. */
    private static final Path SCRIPT = Files.exists(Path.of("..", "licex")) ? Path.of("..", "licex") : Path.of("licex");
    private static final Path TRANSPARENT_HUGE_PAGES = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    @TempDir
    Path dir;

    private Path project;
    private Path javaHome;
    private Path arguments;

    @BeforeEach
    void standIns() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        Files.copy(SCRIPT, project.resolve("licex"));
        Files.createDirectories(project.resolve("cli/target"));
        Files.writeString(project.resolve("cli/target/licex.jar"), "");
        arguments = dir.resolve("arguments");
        javaHome = fakeJava(dir.resolve("jdk"), "25");
    }

    @Test
    void theServerRunsOnG1WithAHeapThatKeepsItUnder512MegabytesAndHugePagesWhereLinuxOffersThem() throws Exception {
        launch(Map.of(), "server", "--port", "0");

        assertThat(recorded()).startsWith(expected("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xmx256m"))
                .endsWith("-jar", project.resolve("cli/target/licex.jar").toString(), "server", "--port", "0");
    }

    @Test
    void theBenchRunsOnG1WithAShortPauseGoalAndHugePagesWhereLinuxOffersThem() throws Exception {
        launch(Map.of(), "bench", "--clients", "16");

        assertThat(recorded()).startsWith(expected("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5"))
                .endsWith("bench", "--clients", "16");
    }

    @Test
    void shortCommandsRunOnTheSerialCollectorWithoutHugePages() throws Exception {
        launch(Map.of(), "licenses");

        assertThat(recorded()).contains("-XX:+UseSerialGC").doesNotContain("-XX:+UseTransparentHugePages")
                .endsWith("licenses");
    }

    @Test
    void noHugePagesOnAnotherSystemWhoseJvmWouldNotKnowTheFlag() throws Exception {
        Path tools = toolsWithoutJava();
        standIn(tools.resolve("uname"), "echo Darwin");

        launch(Map.of("PATH", tools.toString()), "server");

        assertThat(recorded()).contains("-XX:+UseG1GC", "-Xmx256m").doesNotContain("-XX:+UseTransparentHugePages");
    }

    @Test
    void noHugePagesWhereTheKernelHasThemSwitchedOff() throws Exception {
        Path tools = toolsWithoutJava();
        standIn(tools.resolve("grep"), "exit 0"); // "[never]" found in the kernel's setting

        launch(Map.of("PATH", tools.toString()), "bench");

        assertThat(recorded()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseTransparentHugePages");
    }

    @Test
    void licexJavaOptsReplacesEveryDefault() throws Exception {
        launch(Map.of("LICEX_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC"), "server");

        assertThat(recorded()).startsWith("-Xmx64m", "-XX:+UseSerialGC", "-jar")
                .doesNotContain("-XX:+UseG1GC", "-XX:+UseTransparentHugePages");
    }

    @Test
    void aJavaOlderThan21IsRefusedWithWhatToDo() throws Exception {
        Path old = fakeJava(dir.resolve("jdk17"), "17");

        Process launcher = start(Map.of("JAVA_HOME", old.toString(), "PATH", toolsWithoutJava().toString()), "server");
        String err = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        launcher.destroyForcibly();
        assertThat(launcher.exitValue()).isEqualTo(2);
        assertThat(err).contains("licex needs Java 21 or newer");
        assertThat(arguments).doesNotExist();
    }

    /** The options a JVM for the server or the bench gets, with huge pages when this kernel offers them. */
    private static String[] expected(String... options) throws IOException {
        boolean offered = Files.isReadable(TRANSPARENT_HUGE_PAGES)
                && !Files.readString(TRANSPARENT_HUGE_PAGES).contains("[never]");
        if (!offered) {
            return options;
        }
        String[] withHugePages = Arrays.copyOf(options, options.length + 1);
        withHugePages[options.length] = "-XX:+UseTransparentHugePages";
        return withHugePages;
    }

    /** Runs the launcher to its end and expects it to succeed. */
    private void launch(Map<String, String> env, String... args) throws Exception {
        Process launcher = start(env, args);
        try {
            String err = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            assertThat(launcher.exitValue()).as("exit code; standard error: %s", err).isZero();
        } finally {
            launcher.destroyForcibly();
        }
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                concat(List.of("/bin/bash", project.resolve("licex").toString()), List.of(args)));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("LICEX_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    private List<String> recorded() throws IOException {
        return Files.readAllLines(arguments);
    }

    /** A Java home whose {@code release} file names the version and whose {@code java} writes its arguments, one a line. */
    private Path fakeJava(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + ".0.1\"\n");
        standIn(home.resolve("bin/java"), "printf '%s\\n' \"$@\" > '" + arguments + "'");
        return home;
    }

    /** An executable script at {@code path} that runs {@code body}, replacing whatever was there. */
    private static void standIn(Path path, String body) throws IOException {
        Files.deleteIfExists(path);
        Files.writeString(path, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A PATH of the tools the launcher uses and no {@code java}, whatever this machine has installed. */
    private Path toolsWithoutJava() throws IOException {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("dirname", "readlink", "sed", "awk", "cut", "head", "grep", "uname")) {
            Stream.of("/usr/bin", "/bin").map(folder -> Path.of(folder, tool)).filter(Files::isExecutable).findFirst()
                    .ifPresent(found -> link(tools.resolve(tool), found));
        }
        return tools;
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
