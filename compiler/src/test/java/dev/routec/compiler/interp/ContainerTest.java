package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Prefix;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Sets, maps and pools: membership, lookups, runtime changes. */
class ContainerTest {

    static boolean holds(String decls, String cond, String packet) {
        return ActionTest.run(decls + "\nrule r when " + cond + " do drop\ndefault pass", packet)
                        .verdict()
                == Verdict.DROP;
    }

    @Test
    void exactSets() {
        String d = "set a : ipv4 = {10.0.0.1}\nset b : ipv6 = {2001:db8::1}\nset p : port = {22, 8000..8010}\n"
                + "set u : u32 = {7}\nset m : mac = {02:00:00:00:00:01}";
        assertTrue(holds(d, "src in a", "tcp 10.0.0.1:1 -> 10.0.0.2:2"));
        assertFalse(holds(d, "src in a", "tcp 10.0.0.3:1 -> 10.0.0.2:2"));
        assertFalse(holds(d, "src in a", "tcp [2001:db8::1]:1 -> [2001:db8::2]:2"));
        assertTrue(holds(d, "src in b", "tcp [2001:db8::1]:1 -> [2001:db8::2]:2"));
        assertTrue(holds(d, "dport in p", "tcp 10.0.0.1:1 -> 10.0.0.2:8005"));
        assertFalse(holds(d, "dport in p", "tcp 10.0.0.1:1 -> 10.0.0.2:8011"));
        assertFalse(holds(d, "dport in p", "icmp 10.0.0.1 -> 10.0.0.2"));
        assertTrue(holds(d, "not dport in p", "icmp 10.0.0.1 -> 10.0.0.2"));
        assertTrue(holds(d, "mark in u", "arp mark 7"));
        assertTrue(holds(d, "eth.src in m", "arp"));
    }

    @Test
    void prefixSetsMatchAnyContainingPrefix() {
        String d = "set s : prefix4 = {10.0.0.0/8, 10.1.0.0/16, 0.0.0.0/0}\nset t : prefix4 = {192.168.1.0/24}\n"
                + "set six : prefix6 = {2001:db8::/32}";
        assertTrue(holds(d, "src in s", "udp 1.2.3.4:1 -> 10.0.0.2:2"));
        assertTrue(holds(d, "src in t", "udp 192.168.1.200:1 -> 10.0.0.2:2"));
        assertFalse(holds(d, "src in t", "udp 192.168.2.1:1 -> 10.0.0.2:2"));
        assertTrue(holds(d, "dst in six", "udp [2001:db8::1]:1 -> [2001:db8:ffff::2]:2"));
        assertFalse(holds(d, "dst in six", "udp [2001:db8::1]:1 -> [2001:db9::2]:2"));
        assertFalse(holds(d, "src in s", "udp [2001:db8::1]:1 -> [2001:db8::2]:2"));
    }

    @Test
    void mapsReadLongestPrefixOrDefault() {
        String d = "map t : prefix4 -> u32 default 9 = {10.0.0.0/8: 1, 10.1.0.0/16: 2, 10.1.2.0/24: 3}\n"
                + "map e : port -> u32 = {80: 5}";
        assertEquals(OptionalLong.of(3), mark(d, "set mark = t[src]", "udp 10.1.2.3:1 -> 1.1.1.1:80"));
        assertEquals(OptionalLong.of(2), mark(d, "set mark = t[src]", "udp 10.1.9.3:1 -> 1.1.1.1:80"));
        assertEquals(OptionalLong.of(1), mark(d, "set mark = t[src]", "udp 10.9.9.3:1 -> 1.1.1.1:80"));
        assertEquals(OptionalLong.of(9), mark(d, "set mark = t[src]", "udp 11.0.0.1:1 -> 1.1.1.1:80"));
        assertEquals(OptionalLong.of(9), mark(d, "set mark = t[src]", "udp [2001:db8::1]:1 -> [::1]:80"));
        assertEquals(OptionalLong.of(5), mark(d, "set mark = e[dport]", "udp 10.1.2.3:1 -> 1.1.1.1:80"));
        assertEquals(OptionalLong.of(0), mark(d, "set mark = e[dport]", "udp 10.1.2.3:1 -> 1.1.1.1:81"));
        assertEquals(OptionalLong.of(0), mark(d, "set mark = e[dport]", "icmp 10.1.2.3 -> 1.1.1.1"));
        assertTrue(holds(d, "src in t", "udp 10.200.0.1:1 -> 1.1.1.1:80"));
        assertTrue(holds(d, "t[src] == 9", "arp"));
        assertTrue(holds(d, "dport in e", "udp 10.1.2.3:1 -> 1.1.1.1:80"));
        assertFalse(holds(d, "dport in e", "udp 10.1.2.3:1 -> 1.1.1.1:81"));
    }

    @Test
    void poolMembershipIsByAddress() {
        String d = "pool w : ipv4:port = {10.0.1.11:8080}";
        assertTrue(holds(d, "dst in w", "tcp 1.1.1.1:1 -> 10.0.1.11:9"));
        assertFalse(holds(d, "dst in w", "tcp 1.1.1.1:1 -> 10.0.1.12:8080"));
    }

    @Test
    void runtimeChangesAndCapacity() {
        CheckedPolicy p = Fixtures.body("set s : prefix4 capacity 2 = {10.0.0.0/8}\n"
                + "map m : ipv4 -> u32 capacity 1\npool w : ipv4 capacity 1\n"
                + "rule r when src in s do drop\nrule q when dst in w do redirect \"x\"");
        Interpreter in = new Interpreter(p, () -> 0L);
        RuntimeState st = in.state();
        assertEquals(
                Verdict.PASS,
                in.run(Fixtures.frame("udp 192.0.2.1:1 -> 1.1.1.1:2"), Hook.TC_INGRESS)
                        .verdict());
        st.add("s", new Elem.Addr(Ipv4Addr.parse("192.0.2.1").get()));
        assertTrue(st.set("s")
                .contains(new Elem.Pfx(new Prefix(Ipv4Addr.parse("192.0.2.1").get(), 32))));
        assertEquals(
                Verdict.DROP,
                in.run(Fixtures.frame("udp 192.0.2.1:1 -> 1.1.1.1:2"), Hook.TC_INGRESS)
                        .verdict());
        assertThrows(
                IllegalStateException.class,
                () -> st.add(
                        "s",
                        new Elem.Pfx(new Prefix(Ipv4Addr.parse("172.16.0.0").get(), 12))));
        st.add("s", new Elem.Pfx(new Prefix(Ipv4Addr.parse("10.0.0.0").get(), 8))); // present: fine
        st.remove("s", new Elem.Addr(Ipv4Addr.parse("192.0.2.1").get()));
        assertEquals(
                Verdict.PASS,
                in.run(Fixtures.frame("udp 192.0.2.1:1 -> 1.1.1.1:2"), Hook.TC_INGRESS)
                        .verdict());
        st.put("m", new Elem.Addr(Ipv4Addr.parse("1.1.1.1").get()), new Elem.Int(4));
        st.put("m", new Elem.Addr(Ipv4Addr.parse("1.1.1.1").get()), new Elem.Int(5));
        assertEquals(1, st.map("m").size());
        assertThrows(
                IllegalStateException.class,
                () -> st.put("m", new Elem.Addr(Ipv4Addr.parse("1.1.1.2").get()), new Elem.Int(4)));
        st.replace("w", List.of(new Elem.Addr(Ipv4Addr.parse("1.1.1.1").get())));
        assertEquals(
                Verdict.REDIRECT,
                in.run(Fixtures.frame("udp 192.0.2.1:1 -> 1.1.1.1:2"), Hook.TC_INGRESS)
                        .verdict());
        assertThrows(IllegalArgumentException.class, () -> st.add("nope", new Elem.Int(1)));
    }

    private static OptionalLong mark(String decls, String action, String packet) {
        return ActionTest.run(decls + "\nrule r do " + action + ", pass", packet)
                .mark();
    }
}
