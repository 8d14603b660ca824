package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.KernelPolicy;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.Tc;
import dev.routec.runtime.TcDirection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployed (not simulated) {@code route} action with real traffic: a client, a router and a
 * server in network namespaces. The router's main table has no route to the server's service
 * addresses; only the policy at the router's client-side tc ingress gets them there, through
 * {@code bpf_fib_lookup} in table 100 (first packet: no neighbour yet, {@code bpf_redirect_neigh}),
 * or through {@code via} the server. A blackhole in table 100 is dropped by the program (no ICMP
 * error comes back, unlike the kernel's own "no route" answer).
 */
@KernelAvailable
class FibRouteTest {
    static final AtomicInteger SEQ = new AtomicInteger();

    static final String POLICY = """
            policy fib {
              attach tc ingress
              rule in_table when ipv4 and dst in 10.77.3.0/24 do route table 100
              rule blackholed when ipv4 and dst in 10.77.4.0/24 do route table 100
              rule via_server when ipv4 and dst in 10.77.5.0/24 do route via 10.77.2.2
              default pass
            }
            """;

    record Out(int exit, String text) {}

    static Out sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Out(-1, "timed out");
            }
            return new Out(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Out(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Out(-1, "interrupted");
        }
    }

    static void must(String... cmd) {
        Out o = sh(cmd);
        if (o.exit() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + o.text());
    }

    @Test
    @Timeout(120)
    void routeForwardsThroughTheFibAndDropsBlackholes() {
        String base = "routec-fib-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        String c = base + "c", r = base + "r", s = base + "s";
        List<String> made = new ArrayList<>();
        try (KernelPolicy k = KernelPolicy.load(Differ.policy(POLICY))) {
            for (String ns : List.of(c, r, s)) {
                must("ip", "netns", "add", ns);
                made.add(ns);
                must("ip", "-n", ns, "link", "set", "lo", "up");
            }
            must("ip", "-n", c, "link", "add", "c0", "type", "veth", "peer", "name", "r0", "netns", r);
            must("ip", "-n", r, "link", "add", "r1", "type", "veth", "peer", "name", "s0", "netns", s);
            must("ip", "-n", c, "addr", "add", "10.77.1.2/24", "dev", "c0");
            must("ip", "-n", r, "addr", "add", "10.77.1.1/24", "dev", "r0");
            must("ip", "-n", r, "addr", "add", "10.77.2.1/24", "dev", "r1");
            must("ip", "-n", s, "addr", "add", "10.77.2.2/24", "dev", "s0");
            for (String a : List.of("10.77.3.2/32", "10.77.5.2/32")) must("ip", "-n", s, "addr", "add", a, "dev", "s0");
            for (String[] d : new String[][] {{c, "c0"}, {r, "r0"}, {r, "r1"}, {s, "s0"}})
                must("ip", "-n", d[0], "link", "set", d[1], "up");
            must("ip", "-n", c, "route", "add", "default", "via", "10.77.1.1");
            must("ip", "-n", s, "route", "add", "default", "via", "10.77.2.1");
            must("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            must("ip", "-n", r, "route", "add", "10.77.3.0/24", "via", "10.77.2.2", "dev", "r1", "table", "100");
            must("ip", "-n", r, "route", "add", "blackhole", "10.77.4.0/24", "table", "100");

            Out before = sh("ip", "netns", "exec", c, "ping", "-c1", "-W1", "10.77.3.2");
            assertFalse(before.exit() == 0, "without the policy the router has no route: " + before.text());

            NetNs rns = NetNs.named(r);
            Tc.attach(
                    rns,
                    Netlink.ifindex(rns, "r0"),
                    TcDirection.INGRESS,
                    k.object().program("rt_tc_ingress"),
                    1,
                    1,
                    false);

            Out table = sh("ip", "netns", "exec", c, "ping", "-c2", "-W1", "10.77.3.2");
            assertTrue(table.exit() == 0, "route table 100 forwards: " + table.text());
            Out via = sh("ip", "netns", "exec", c, "ping", "-c2", "-W1", "10.77.5.2");
            assertTrue(via.exit() == 0, "route via the server forwards: " + via.text());
            Out hole = sh("ip", "netns", "exec", c, "ping", "-c1", "-W1", "10.77.4.1");
            assertFalse(hole.exit() == 0, hole.text());
            assertFalse(hole.text().contains("Unreachable"), "the program drops a blackhole silently: " + hole.text());
            Out other = sh("ip", "netns", "exec", c, "ping", "-c1", "-W1", "10.77.2.2");
            assertTrue(other.exit() == 0, "other traffic passes to the kernel: " + other.text());
            long routed = k.counters().get(0).packets(),
                    via2 = k.counters().get(2).packets();
            assertTrue(routed >= 2 && via2 >= 2, "counters " + k.counters());
        } finally {
            for (String ns : made) sh("ip", "netns", "delete", ns);
        }
    }
}
