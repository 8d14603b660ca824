package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kernel fixtures: every field (§4) and every action (§5) of LANGUAGE.md, on every hook that
 * supports it (xdp, tc ingress, tc egress), through BPF_PROG_TEST_RUN, compared with the reference
 * interpreter on verdict, deciding rule, redirect interface, mark, the full output bytes, effects
 * and (for fields) exactly which rules were counted. Rewritten packets must keep valid checksums,
 * verified from scratch. The fixture policies are in src/test/resources/fixtures.
 */
@KernelAvailable
class KernelFixturesTest {
    static String resource(String name) throws IOException {
        try (InputStream in = KernelFixturesTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static CheckedPolicy named(List<CheckedPolicy> ps, String name) {
        return ps.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** Packets that between them make every field present and absent, true and false. */
    static Map<String, Frame> fieldPackets() {
        Map<String, Frame> m = new LinkedHashMap<>();
        String[] notation = {
            "tcp 192.0.2.1:1234 -> 192.0.2.2:80 flags syn",
            "tcp 192.0.2.1:1234 -> 192.0.2.3:8050 flags syn,ack ttl 5 dscp 46 payload 120",
            "tcp 198.51.100.7:53 -> 10.1.2.3:7955 flags fin,psh,urg,rst",
            "tcp 192.0.2.1:1234 -> 192.0.2.1:1233 flags ack",
            "udp 192.0.2.1:8080 -> 192.0.2.1:53 payload 200",
            "udp 10.2.3.4:53 -> 192.0.2.4:9999 frag first payload 16",
            "udp 10.2.3.4:53 -> 192.0.2.4:9999 frag later payload 16",
            "icmp 192.0.2.9 -> 192.0.2.100 type 8 code 0",
            "icmp 192.0.2.9 -> 192.0.2.100 type 3 code 1",
            "icmp6 [2001:db8::1] -> [2001:db8::2] type 128 code 0",
            "icmp6 [2001:db8::1] -> [2001:db8::2] type 1 code 4 dscp 10",
            "udp [2001:db8::1]:5000 -> [2001:db8:1::5]:443",
            "tcp [2001:db8:bad::5]:443 -> [2001:db8::4]:1234 flags ack ttl 1",
            "sctp 192.0.2.7:5000 -> 192.0.2.100:80",
            "sctp [2001:db8::7]:1234 -> [2001:db8::2]:9000",
            "ip proto 99 192.0.2.1 -> 192.0.2.2",
            "ip proto 99 [2001:db8::1] -> [2001:db8::2] payload 3",
            "arp",
            "eth type 0x88cc payload 10",
            "eth 02:00:00:00:00:05 -> ff:ff:ff:ff:ff:ff udp 192.0.2.1:68 -> 192.0.2.255:67",
            "eth 02:00:00:00:00:09 -> 02:00:00:00:00:02 tcp 10.0.0.1:9000 -> 10.0.0.2:9000",
            "tcp 192.0.2.1:1234 -> 192.0.2.2:80 vlan 66",
            "udp 192.0.2.1:1234 -> 192.0.2.2:80 vlan 200",
            "udp 192.0.2.1:1 -> 192.0.2.2:2 iif \"eth9\"",
            "udp 192.0.2.1:1 -> 192.0.2.2:2 mark 7",
            "udp 192.0.2.1:1 -> 192.0.2.2:2 mark 256",
            "tcp 192.0.2.1:1234 -> 192.0.2.2:80 flags syn,fin len 40",
        };
        for (String n : notation) m.put(n, Differ.frame(n));
        Frame v6 = Differ.frame("udp [2001:db8::1]:5000 -> [2001:db8::2]:53");
        m.put("flowlabel", flowLabel(v6, 0x12345));
        m.put(
                "ext-frag",
                Frames.ipv6Extensions(
                        Differ.frame("tcp [2001:db8::1]:5000 -> [2001:db8::2]:80 flags syn"), 0, false, 44));
        m.put("ext-frag-later", Frames.ipv6Extensions(v6, 3, true, 60, 44));
        m.put("ipv4-options", Frames.ipv4Options(Differ.frame("tcp 192.0.2.1:1234 -> 192.0.2.2:443 flags psh,ack"), 3));
        m.put("qinq", Frames.outerTag(Differ.frame("udp 192.0.2.1:1234 -> 192.0.2.2:53 vlan 300"), 0x88a8, 66));
        return m;
    }

    static Frame flowLabel(Frame f, int label) {
        byte[] b = f.bytes();
        int l3 = Differ.l3(b);
        b[l3 + 1] = (byte) ((b[l3 + 1] & 0xf0) | ((label >> 16) & 0x0f));
        Frames.put16(b, l3 + 2, label & 0xffff);
        return Frames.of(f, b);
    }

    @Test
    void everyFieldOnEveryHook() throws IOException {
        List<CheckedPolicy> ps = Differ.policies(resource("fields.route"));
        List<String> problems = new ArrayList<>();
        long runs = 0;
        for (CheckedPolicy p : ps) {
            try (Differ d = new Differ(p)) {
                d.compareCounters = true;
                for (Map.Entry<String, Frame> e : fieldPackets().entrySet()) {
                    d.runAll(e.getValue(), e.getKey());
                    for (int cut : new int[] {20, 30, 40, 50, 60})
                        d.runAll(
                                Frames.truncate(
                                        e.getValue(), Math.min(cut, e.getValue().length())),
                                e.getKey() + "/" + cut);
                }
                runs += d.runs;
                if (!d.problems.isEmpty()) problems.add(d.report());
            }
        }
        System.out.println("field fixtures: " + runs + " kernel runs compared");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static final int[] ACTION_PORTS = {
        7000, 7001, 7002, 7003, 7004, 7005, 7010, 7011, 7012, 7013, 7014, 7015, 7016, 7017, 7020, 7021, 7022, 7023,
        7030, 7031, 7032, 7033, 7040, 7041, 7050, 7060, 7061, 7062, 9
    };

    /** Each action port in many packet shapes, each shape three times (limits, flows). */
    static List<Frame> actionPackets() {
        List<Frame> out = new ArrayList<>();
        for (int port : ACTION_PORTS) {
            String[] shapes = {
                "tcp 192.0.2.7:5000 -> 192.0.2.100:" + port + " flags syn payload 10",
                "udp 192.0.2.7:5000 -> 192.0.2.100:" + port + " payload 11",
                "udp 192.0.2.8:5001 -> 192.0.2.100:" + port + " vlan 66 dscp 3 mark 7",
                "tcp [2001:db8::7]:5000 -> [2001:db8::100]:" + port + " flags ack payload 9",
                "udp [2001:db8::7]:5000 -> [2001:db8::100]:" + port + " dscp 10",
                "sctp 192.0.2.7:5000 -> 192.0.2.100:" + port + " payload 12",
                "sctp [2001:db8::7]:5000 -> [2001:db8::100]:" + port,
                "udp 192.0.2.7:5000 -> 192.0.2.100:" + port + " frag first payload 8",
            };
            for (String s : shapes) {
                Frame f = Differ.frame(s);
                for (int i = 0; i < 3; i++) out.add(f);
            }
            out.add(Frames.ipv4Options(Differ.frame("tcp 192.0.2.9:5000 -> 192.0.2.100:" + port + " flags syn"), 2));
            out.add(udpNoChecksum(Differ.frame("udp 192.0.2.7:5002 -> 192.0.2.100:" + port + " payload 4")));
            out.add(Frames.ipv6Extensions(
                    Differ.frame("udp [2001:db8::7]:5000 -> [2001:db8::100]:" + port), 0, false, 60, 0));
            out.add(Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:" + port + " frag later payload 8"));
        }
        out.add(Differ.frame("icmp 192.0.2.7 -> 192.0.2.100 type 8 code 0"));
        out.add(Differ.frame("arp"));
        return out;
    }

    /** Replies to the translated flows above (reverse NAT before the rules, at every hook). */
    static List<Frame> replies() {
        return List.of(
                Differ.frame("tcp 10.9.9.9:7010 -> 192.0.2.7:5000 flags syn,ack"),
                Differ.frame("tcp 10.9.9.9:8080 -> 192.0.2.7:5000 flags syn,ack"),
                Differ.frame("udp 10.9.9.9:8080 -> 192.0.2.7:5000"),
                Differ.frame("udp 192.0.2.100:7012 -> 10.8.8.8:4000"),
                Differ.frame("tcp 192.0.2.100:7012 -> 10.8.8.8:4000 flags ack"),
                Differ.frame("tcp [2001:db8::99]:8443 -> [2001:db8::7]:5000 flags ack"),
                Differ.frame("udp [2001:db8::100]:7014 -> [2001:db8::88]:5000"),
                Differ.frame("tcp 10.0.1.11:7015 -> 192.0.2.7:5000 flags ack"),
                Differ.frame("tcp 10.0.1.12:7015 -> 192.0.2.7:5000 flags ack"),
                Differ.frame("tcp 10.0.1.13:7015 -> 192.0.2.7:5000 flags ack"),
                Differ.frame("tcp 10.0.2.1:8080 -> 192.0.2.7:5000 flags ack"),
                Differ.frame("tcp 10.0.2.2:8081 -> 192.0.2.7:5000 flags ack"),
                Differ.frame("sctp 10.9.9.9:8080 -> 192.0.2.7:5000"),
                Differ.frame("icmp 10.9.9.9 -> 192.0.2.7 type 0 code 0"));
    }

    static Frame udpNoChecksum(Frame f) {
        byte[] b = f.bytes();
        int l4 = Differ.l3(b) + 20;
        Frames.put16(b, l4 + 6, 0);
        return Frames.of(f, b);
    }

    @Test
    void everyActionOnEveryHookThatSupportsIt() throws IOException {
        List<CheckedPolicy> ps = Differ.policies(resource("actions.route"));
        List<String> problems = new ArrayList<>();
        long runs = 0;
        for (CheckedPolicy p : ps) {
            try (Differ d = new Differ(p)) {
                for (Frame f : actionPackets()) d.runAll(f, "action");
                for (Frame f : replies()) d.runAll(f, "reply");
                runs += d.runs;
                if (!d.problems.isEmpty()) problems.add(d.report());
            }
        }
        System.out.println("action fixtures: " + runs + " kernel runs compared");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Spot checks with hand-written expectations, so both engines are not wrong together. */
    @Test
    void expectedOutcomes() throws IOException {
        CheckedPolicy acts = named(Differ.policies(resource("actions.route")), "acts");
        try (Differ d = new Differ(acts)) {
            for (Policy.Hook h : List.of(Policy.Hook.XDP, Policy.Hook.TC_INGRESS, Policy.Hook.TC_EGRESS)) {
                d.reset();
                Result r = d.run(Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:7002"), h, "redirect");
                assertEquals(Verdict.REDIRECT, r.verdict());
                assertEquals("out0", r.iface().orElseThrow());
                r = d.run(Differ.frame("tcp 192.0.2.7:5000 -> 192.0.2.100:7011 flags syn"), h, "dnat");
                assertEquals("tcp 192.0.2.7:5000 -> 10.9.9.9:8080 flags syn", r.packet());
                r = d.run(Differ.frame("tcp 10.9.9.9:8080 -> 192.0.2.7:5000 flags ack"), h, "reply");
                assertEquals("tcp 192.0.2.100:7011 -> 192.0.2.7:5000 flags ack", r.packet());
                r = d.run(Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:7017"), h, "empty pool");
                assertEquals(Verdict.DROP, r.verdict());
                assertEquals(Result.Cause.EMPTY_POOL, r.cause());
                r = d.run(Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:7020"), h, "dscp");
                assertEquals("udp 192.0.2.7:5000 -> 192.0.2.100:7020 dscp 46", r.packet());
                for (int i = 0; i < 3; i++) {
                    r = d.run(Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:7030"), h, "limit");
                    assertEquals(i < 2 ? Verdict.PASS : Verdict.DROP, r.verdict(), "limit packet " + i);
                }
                assertEquals(h.isTc() ? java.util.OptionalLong.of(0) : java.util.OptionalLong.empty(), r.mark());
            }
            assertTrue(d.problems.isEmpty(), d.report());
        }
        CheckedPolicy tc = named(Differ.policies(resource("actions.route")), "tconly");
        try (Differ d = new Differ(tc)) {
            Result r = d.run(
                    Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:7061 mark 7"), Policy.Hook.TC_INGRESS, "mark");
            assertEquals(70, r.mark().getAsLong());
            r = d.run(Differ.frame("udp 192.0.2.7:5000 -> 192.0.2.100:7062"), Policy.Hook.TC_EGRESS, "mirror");
            assertEquals(Verdict.REDIRECT, r.verdict());
            assertEquals(1, r.mark().getAsLong());
            assertEquals(2, d.kernel.lastResult().effectCount());
            assertTrue(d.problems.isEmpty(), d.report());
        }
    }
}
