package dev.routec.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two throw-away namespaces joined by a veth: {@code fx0} (192.0.2.1/24) in {@link #a}, {@code fx1}
 * (192.0.2.7/24 and 192.0.2.99/24) in {@link #b}. Named {@code routec-<pid>-<n>}, built inside the
 * namespaces (so fixed interface names never collide), deleted by {@link #close()}.
 */
final class TestNet implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    final String a;
    final String b;

    TestNet() {
        String base = "routec-" + ProcessHandle.current().pid() + "-";
        a = base + SEQ.incrementAndGet();
        b = base + SEQ.incrementAndGet();
        try {
            Cmd.check("ip", "netns", "add", a);
            Cmd.check("ip", "netns", "add", b);
            Cmd.check("ip", "-n", a, "link", "add", "fx0", "type", "veth", "peer", "name", "fx1", "netns", b);
            Cmd.check("ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", "fx0");
            Cmd.check("ip", "-n", b, "addr", "add", "192.0.2.7/24", "dev", "fx1");
            Cmd.check("ip", "-n", b, "addr", "add", "192.0.2.99/24", "dev", "fx1");
            for (String[] nd : new String[][] {{a, "fx0"}, {b, "fx1"}, {a, "lo"}, {b, "lo"}})
                Cmd.check("ip", "-n", nd[0], "link", "set", nd[1], "up");
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** One ping from {@code b} to 192.0.2.1 with the given source address; true if answered. */
    boolean ping(String from) {
        return Cmd.run(List.of("ip", "netns", "exec", b, "ping", "-c1", "-W1", "-I", from, "192.0.2.1"))
                .ok();
    }

    String tc(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("tc", "-n", ns));
        cmd.addAll(List.of(args));
        return Cmd.check(cmd.toArray(String[]::new));
    }

    @Override
    public void close() {
        Cmd.run(List.of("ip", "netns", "delete", a));
        Cmd.run(List.of("ip", "netns", "delete", b));
    }
}
