package dev.routec.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away network namespace {@code routec-rt-<pid>-<n>}; {@link #close()} deletes it (and with it
 * its veths, qdiscs, filters and netlink XDP attachments). Names embed the pid so parallel runs never
 * collide, and {@link #sweepStale()} removes leftovers of dead test JVMs.
 */
final class TestNetns implements AutoCloseable {
    private static final String PREFIX = "routec-rt-";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    static TestNetns create() {
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Cmd.check("ip", "netns", "add", name);
        TestNetns ns = new TestNetns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    String name() {
        return name;
    }

    NetNs netns() {
        return NetNs.named(name);
    }

    /** {@code ip -n NAME args...} */
    String ip(String... args) {
        return Cmd.check(concat(List.of("ip", "-n", name), args));
    }

    /** {@code tc -n NAME args...} */
    String tc(String... args) {
        return Cmd.check(concat(List.of("tc", "-n", name), args));
    }

    /** Runs a command inside the namespace; returns its result without failing. */
    Cmd.Result exec(String... cmd) {
        return Cmd.run(List.of(concat(List.of("ip", "netns", "exec", name), cmd)));
    }

    @Override
    public void close() {
        Cmd.run(List.of("ip", "netns", "delete", name));
    }

    /** Deletes {@code routec-rt-<pid>-*} namespaces whose pid is no longer alive. */
    static void sweepStale() {
        for (String line : Cmd.run(List.of("ip", "netns", "list")).output().split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(PREFIX) && !alive(ns.substring(PREFIX.length()).split("-")[0])) {
                Cmd.run(List.of("ip", "netns", "delete", ns));
            }
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).isPresent();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
