package dev.routec.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away network of namespaces for the VIP use case (shared/reference/datapath-notes.md):
 *
 * <pre>
 *   client 192.0.2.7 ── eth0 | veth-c 192.0.2.1 ── router ── br0 10.10.0.1 ─┬─ backend 1 10.10.0.2
 *                      (route to the VIP 192.0.2.100 via 192.0.2.1)          └─ backend 2 10.10.0.3
 * </pre>
 *
 * The router forwards (ip_forward=1, no conntrack or nftables). Each backend can run an HTTP server
 * on port 8080 that answers {@code backend-N}. Namespaces are named {@code PREFIX-c}, {@code -r},
 * {@code -b1}, {@code -b2}; veths are created inside them, so fixed interface names never collide
 * with the host. {@link #close()} stops the servers and deletes the namespaces (and with them every
 * veth, qdisc and filter in them). Every external command is bounded.
 */
public final class Topology implements AutoCloseable {
    public static final String VIP = "192.0.2.100";
    public static final String CLIENT_ADDR = "192.0.2.7";
    public static final String ROUTER_IFACE = "veth-c";
    public static final List<String> BACKENDS = List.of("10.10.0.2", "10.10.0.3");
    public static final int BACKEND_PORT = 8080;

    public final String client;
    public final String router;
    public final List<String> backends;
    private final List<Process> servers = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private boolean closed;

    private Topology(String prefix) {
        client = prefix + "-c";
        router = prefix + "-r";
        backends = List.of(prefix + "-b1", prefix + "-b2");
    }

    /** Builds the network; on failure whatever was built is removed again. */
    public static Topology create(String prefix) {
        Topology t = new Topology(prefix);
        try {
            t.build();
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private void build() {
        for (String ns : all()) {
            check("ip", "netns", "add", ns);
            ip(ns, "link", "set", "lo", "up");
        }
        ip(router, "link", "add", ROUTER_IFACE, "type", "veth", "peer", "name", "eth0", "netns", client);
        ip(router, "addr", "add", "192.0.2.1/24", "dev", ROUTER_IFACE);
        ip(router, "link", "set", ROUTER_IFACE, "up");
        ip(client, "addr", "add", CLIENT_ADDR + "/24", "dev", "eth0");
        ip(client, "link", "set", "eth0", "up");
        ip(client, "route", "add", VIP + "/32", "via", "192.0.2.1");
        ip(router, "link", "add", "br0", "type", "bridge");
        ip(router, "addr", "add", "10.10.0.1/24", "dev", "br0");
        ip(router, "link", "set", "br0", "up");
        for (int i = 0; i < 2; i++) {
            String ns = backends.get(i), port = "rb" + (i + 1);
            ip(router, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip(router, "link", "set", port, "master", "br0");
            ip(router, "link", "set", port, "up");
            ip(ns, "addr", "add", BACKENDS.get(i) + "/24", "dev", "eth0");
            ip(ns, "link", "set", "eth0", "up");
            ip(ns, "route", "add", "default", "via", "10.10.0.1");
        }
        check("ip", "netns", "exec", router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    private List<String> all() {
        List<String> l = new ArrayList<>(List.of(client, router));
        l.addAll(backends);
        return l;
    }

    /**
     * Starts an HTTP server (python3 -m http.server) on every backend, answering {@code backend-N},
     * and waits until both answer from the router.
     */
    public void startServers() {
        for (int i = 0; i < 2; i++) {
            try {
                Path dir = Files.createTempDirectory("routec-backend-");
                dirs.add(dir);
                Files.writeString(dir.resolve("index.html"), "backend-" + (i + 1) + "\n", StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                backends.get(i),
                                "python3",
                                "-m",
                                "http.server",
                                String.valueOf(BACKEND_PORT),
                                "--bind",
                                BACKENDS.get(i),
                                "--directory",
                                dir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                servers.add(p);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot start the HTTP server of backend " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String b : BACKENDS) {
            while (get(router, "http://" + b + ":" + BACKEND_PORT + "/", Duration.ofSeconds(1))
                    .isEmpty()) {
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException(
                            "the HTTP server on " + b + " did not come up (is python3 installed?)");
                sleep(100);
            }
        }
    }

    /** One HTTP GET of the VIP from the client, on a new connection; the body, or empty on failure. */
    public Optional<String> fetchVip(Duration timeout) {
        return get(client, "http://" + VIP + "/", timeout);
    }

    /** {@code curl} inside {@code ns}; the trimmed body, or empty when the request failed. */
    public static Optional<String> get(String ns, String url, Duration timeout) {
        double secs = Math.max(0.2, timeout.toMillis() / 1000.0);
        Result r = run(
                List.of("ip", "netns", "exec", ns, "curl", "-s", "--max-time", String.valueOf(secs), url),
                timeout.plusSeconds(5));
        return r.exit() == 0 && !r.output().isBlank() ? Optional.of(r.output().strip()) : Optional.empty();
    }

    /** Stops the servers and deletes the namespaces. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Process p : servers) {
            p.destroy();
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : all()) run(List.of("ip", "netns", "delete", ns), Duration.ofSeconds(20));
        for (Path d : dirs) deleteTree(d);
    }

    private static void deleteTree(Path d) {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary directory; best effort
        }
    }

    private static void ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        check(cmd.toArray(String[]::new));
    }

    record Result(int exit, String output) {}

    private static void check(String... cmd) {
        Result r = run(List.of(cmd), Duration.ofSeconds(20));
        if (r.exit() != 0)
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + r.exit() + "): "
                    + r.output().strip());
    }

    private static Result run(List<String> cmd, Duration limit) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", cmd) + ": timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", cmd) + ": interrupted");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
