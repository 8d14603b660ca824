package dev.routec.tests;

import dev.routec.cli.Main;
import dev.routec.runtime.Bpf;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Private deployment roots for one test ({@code /sys/fs/bpf/routec-test-<pid>-<nanos>} and a state
 * directory), handed to the CLI through the {@code routec.bpffs}/{@code routec.state} properties;
 * {@link #close()} undeploys whatever is left and removes both. Also: running the CLI in process,
 * bounded commands, and unique namespace names {@code routec-<pid>-<n>}.
 */
final class DeployRoot implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    final Path pins;
    final Path state;

    DeployRoot(Path tmp) {
        pins = Bpf.BPFFS.resolve("routec-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        state = tmp.resolve("routec-state");
        System.setProperty("routec.bpffs", pins.toString());
        System.setProperty("routec.state", state.toString());
    }

    static String uniqueName() {
        return "routec-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    record Run(int code, String out, String err) {
        Run ok() {
            if (code != 0) throw new AssertionError("exit " + code + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    record Cmd(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    static Cmd sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Cmd(-1, String.join(" ", cmd) + ": timed out");
            }
            return new Cmd(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Cmd(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Cmd(-1, "interrupted");
        }
    }

    static String check(String... cmd) {
        Cmd r = sh(cmd);
        if (!r.ok()) throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.output());
        return r.output();
    }

    /** The names of the policies with a deployment record under this root. */
    List<String> deployed() {
        if (!Files.isDirectory(state)) return List.of();
        try (Stream<Path> s = Files.list(state)) {
            return s.filter(p -> Files.exists(p.resolve("state.json")))
                    .map(p -> p.getFileName().toString())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        try {
            for (String p : deployed()) cli("undeploy", p);
        } finally {
            System.clearProperty("routec.bpffs");
            System.clearProperty("routec.state");
            if (Files.exists(pins)) {
                try (Stream<Path> s = Files.walk(pins)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new AssertionError("cannot remove " + pins, e);
                }
            }
        }
    }
}
