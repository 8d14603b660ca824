package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.datapath.FlowHash;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dnat/snat rewrites with checksums verified independently, pools, and reverse NAT. */
class NatTest {
    static final String DNAT = "rule n when ipv4 do dnat to 10.9.9.9:8080, pass";
    static final String DNAT6 = "rule n when ipv6 do dnat to [2001:db8::99]:8080, pass";

    static Result nat(String rule, String packet) {
        Result r = ActionTest.run(rule, packet);
        Naive.assertChecksumsValid(r.output().bytes());
        return r;
    }

    static Result nat(String rule, Frame f) {
        Result r = ActionTest.runFrame(rule, f);
        Naive.assertChecksumsValid(r.output().bytes());
        return r;
    }

    @Test
    void dnatTcpV4() {
        Result r = nat(DNAT, "tcp 10.0.0.1:1234 -> 10.0.0.2:80 flags syn payload 33");
        assertEquals("tcp 10.0.0.1:1234 -> 10.9.9.9:8080 flags syn payload 33", r.packet());
    }

    @Test
    void dnatAddressOnlyKeepsThePort() {
        assertEquals(
                "udp 10.0.0.1:1234 -> 10.9.9.9:53",
                nat("rule n when ipv4 do dnat to 10.9.9.9, pass", "udp 10.0.0.1:1234 -> 10.0.0.2:53")
                        .packet());
    }

    @Test
    void snatUdpV4() {
        Result r = nat(
                "rule n when ipv4 do snat to 198.51.100.1:1000, pass", "udp 10.0.0.1:1234 -> 10.0.0.2:53 payload 7");
        assertEquals("udp 198.51.100.1:1000 -> 10.0.0.2:53 payload 7", r.packet());
    }

    @Test
    void udpWithoutChecksumStaysWithout() {
        byte[] b = Fixtures.frame("udp 10.0.0.1:1234 -> 10.0.0.2:53 payload 4").bytes();
        b[14 + 20 + 6] = 0;
        b[14 + 20 + 7] = 0;
        Result r = nat(DNAT, new Frame(b, "test0", 0));
        byte[] out = r.output().bytes();
        assertEquals(0, Naive.u16(out, 14 + 20 + 6));
        assertEquals("udp 10.0.0.1:1234 -> 10.9.9.9:8080 payload 4", r.packet());
    }

    @Test
    void icmpV4HasNoPseudoHeaderAndNoPorts() {
        Frame in = Fixtures.frame("icmp 10.0.0.1 -> 10.0.0.2 payload 8");
        Result r = nat(DNAT, in);
        assertEquals("icmp 10.0.0.1 -> 10.9.9.9 payload 8", r.packet());
        assertEquals(Naive.u16(in.bytes(), 36), Naive.u16(r.output().bytes(), 36), "ICMP checksum untouched");
    }

    @Test
    void icmpV6HasAPseudoHeader() {
        Result r = nat(DNAT6, "icmp6 2001:db8::1 -> 2001:db8::2 payload 8");
        assertEquals("icmp6 2001:db8::1 -> 2001:db8::99 payload 8", r.packet());
        Result s =
                nat("rule n when ipv6 do snat to 2001:db8::7, pass", "icmp6 2001:db8::1 -> 2001:db8::2 type 1 code 4");
        assertEquals("icmp6 2001:db8::7 -> 2001:db8::2 type 1 code 4", s.packet());
    }

    @Test
    void sctpCrcIsRecomputed() {
        Result r = nat(DNAT, "sctp 10.0.0.1:5000 -> 10.0.0.2:36412 payload 16");
        assertEquals("sctp 10.0.0.1:5000 -> 10.9.9.9:8080 payload 16", r.packet());
        Result v6 = nat("rule n when ipv6 do snat to [2001:db8::5]:9, pass", "sctp [2001:db8::1]:5 -> [2001:db8::2]:6");
        assertEquals("sctp [2001:db8::5]:9 -> [2001:db8::2]:6", v6.packet());
    }

    @Test
    void ipv6TcpAndUdp() {
        assertEquals(
                "tcp [2001:db8::1]:1 -> [2001:db8::99]:8080 flags ack payload 100",
                nat(DNAT6, "tcp [2001:db8::1]:1 -> [2001:db8::2]:80 flags ack payload 100")
                        .packet());
        assertEquals(
                "udp [2001:db8::1]:1 -> [2001:db8::99]:8080 payload 3",
                nat(DNAT6, "udp [2001:db8::1]:1 -> [2001:db8::2]:53 payload 3").packet());
    }

    @Test
    void firstFragmentGetsPortAndChecksumUpdate() {
        Result r = nat(DNAT, "udp 10.0.0.1:1 -> 10.0.0.2:53 frag first payload 20");
        assertEquals("udp 10.0.0.1:1 -> 10.9.9.9:8080 frag first payload 20", r.packet());
        Result v6 = nat(DNAT6, "tcp [2001:db8::1]:1 -> [2001:db8::2]:80 frag first payload 20");
        assertEquals("tcp [2001:db8::1]:1 -> [2001:db8::99]:8080 frag first payload 20", v6.packet());
    }

    @Test
    void laterFragmentGetsTheAddressOnly() {
        Frame in = Fixtures.frame("udp 10.0.0.1:1 -> 10.0.0.2:53 frag later payload 20");
        Result r = nat(DNAT, in);
        assertEquals("ip proto 17 10.0.0.1 -> 10.9.9.9 frag later payload 20", r.packet());
        byte[] a = in.bytes(), b = r.output().bytes();
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 34, a.length), java.util.Arrays.copyOfRange(b, 34, b.length));
    }

    @Test
    void truncatedL4GetsTheAddressOnly() {
        Frame in = Fixtures.frame("tcp 10.0.0.1:1 -> 10.0.0.2:80 len 50");
        Result r = ActionTest.runFrame(DNAT, in);
        byte[] a = in.bytes(), b = r.output().bytes();
        assertEquals(50, b.length);
        assertEquals(Ipv4Addr.parse("10.9.9.9").get(), PacketView.of(r.output()).dst());
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 34, 50), java.util.Arrays.copyOfRange(b, 34, 50));
        byte[] header = java.util.Arrays.copyOfRange(b, 14, 34);
        assertEquals(0, Naive.checksum(header), "IPv4 header checksum verifies");
    }

    @Test
    void ipv4OptionsVlanAndIpv6ExtensionHeaders() {
        Frame opts = RawFrames.withIpv4Options(Fixtures.frame("tcp 10.0.0.1:1 -> 10.0.0.2:80 payload 5"), 2);
        Result r = nat(DNAT, opts);
        assertEquals(8080, PacketView.of(r.output()).dport());
        Result vlan = nat(DNAT, "udp 10.0.0.1:1 -> 10.0.0.2:53 vlan 42");
        assertEquals("udp 10.0.0.1:1 -> 10.9.9.9:8080 vlan 42", vlan.packet());
        Frame ext = RawFrames.withIpv6Extensions(Fixtures.frame("udp [2001:db8::1]:1 -> [2001:db8::2]:53"), 0, 43, 60);
        Result e = nat(DNAT6, ext);
        assertEquals(8080, PacketView.of(e.output()).dport());
    }

    @Test
    void fieldsReadAfterNatSeeTheRewrittenPacket() {
        Result r = ActionTest.run(
                "rule n when ipv4 do dnat to 10.9.9.9:8080\nrule m when dst == 10.9.9.9 and dport == 8080 do drop",
                "tcp 10.0.0.1:1 -> 10.0.0.2:80");
        assertEquals("m", r.rule());
    }

    @Test
    void familyMismatchRewritesNothing() {
        Frame v6 = Fixtures.frame("tcp [2001:db8::1]:1 -> [2001:db8::2]:80");
        byte[] out = Rewriter.address(
                v6.bytes(), PacketView.of(v6), false, Ipv4Addr.parse("10.0.0.1").get());
        assertArrayEquals(v6.bytes(), out);
        Frame arp = Fixtures.frame("arp");
        assertArrayEquals(arp.bytes(), Rewriter.port(arp.bytes(), PacketView.of(arp), true, 5));
    }

    // ---- pools

    static final String POOL = "pool web : ipv4 capacity 16 = {10.0.1.11, 10.0.1.12, 10.0.1.13}\n"
            + "rule lb when ipv4 and dst == 10.0.0.100 and tcp do dnat to web, pass\n";

    @Test
    void poolMemberIsMaglevOfTheFlowHash() {
        CheckedPolicy p = Fixtures.body(POOL);
        Interpreter in = new Interpreter(p, () -> 0L);
        for (int port = 40000; port < 40064; port += 2) {
            Frame f = Fixtures.frame("tcp 192.0.2.7:" + port + " -> 10.0.0.100:80");
            Result r = in.run(f, Hook.TC_INGRESS);
            Naive.assertChecksumsValid(r.output().bytes());
            List<Elem> members = in.state().pool("web");
            int[] table = Maglev.table(members, Maglev.tableSize(16));
            int h = FlowHash.hash(
                    Ipv4Addr.parse("192.0.2.7").get(),
                    Ipv4Addr.parse("10.0.0.100").get(),
                    port,
                    80,
                    6);
            Elem want = members.get(table[Integer.remainderUnsigned(h, table.length)]);
            assertEquals(((Elem.Addr) want).addr(), PacketView.of(r.output()).dst());
            assertEquals(80, PacketView.of(r.output()).dport());
        }
    }

    @Test
    void poolWithPorts() {
        CheckedPolicy p = Fixtures.body(
                "pool web : ipv4:port = {10.0.1.11:8080}\n" + "rule lb when ipv4 and tcp do dnat to web, pass");
        Result r =
                new Interpreter(p, () -> 0L).run(Fixtures.frame("tcp 192.0.2.7:1 -> 10.0.0.100:80"), Hook.TC_INGRESS);
        assertEquals("tcp 192.0.2.7:1 -> 10.0.1.11:8080", r.packet());
        Naive.assertChecksumsValid(r.output().bytes());
    }

    @Test
    void emptyPoolDropsByTheRule() {
        CheckedPolicy p = Fixtures.body("pool web : ipv4\nrule lb when ipv4 do dnat to web, pass\ndefault pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        Result r = in.run(Fixtures.frame("tcp 192.0.2.7:1 -> 10.0.0.100:80"), Hook.TC_INGRESS);
        assertEquals(Verdict.DROP, r.verdict());
        assertEquals("lb", r.rule());
        assertEquals(Result.Cause.EMPTY_POOL, r.cause());
        in.state().add("web", new Elem.Addr(Ipv4Addr.parse("10.0.1.1").get()));
        assertEquals(
                Verdict.PASS,
                in.run(Fixtures.frame("tcp 192.0.2.7:1 -> 10.0.0.100:80"), Hook.TC_INGRESS)
                        .verdict());
        in.state().replace("web", List.of());
        assertEquals(
                Verdict.DROP,
                in.run(Fixtures.frame("tcp 192.0.2.7:1 -> 10.0.0.100:80"), Hook.TC_INGRESS)
                        .verdict());
    }

    @Test
    void removingAMemberMovesOnlyItsFlowsMostly() {
        CheckedPolicy p = Fixtures.body(POOL);
        Interpreter in = new Interpreter(p, () -> 0L);
        List<String> before = new ArrayList<>();
        int n = 600;
        for (int i = 0; i < n; i++) before.add(dstOf(in, i));
        in.state().remove("web", new Elem.Addr(Ipv4Addr.parse("10.0.1.12").get()));
        int kept = 0, others = 0;
        for (int i = 0; i < n; i++) {
            String now = dstOf(in, i);
            if (before.get(i).equals("10.0.1.12")) {
                assertTrue(!now.equals("10.0.1.12"));
                continue;
            }
            others++;
            if (now.equals(before.get(i))) kept++;
        }
        assertTrue(kept >= others * (1 - 2.0 / 3), kept + " of " + others);
        assertTrue(others > n / 2);
    }

    private static String dstOf(Interpreter in, int i) {
        Frame f = Fixtures.frame("tcp 192.0.2." + (i % 200 + 1) + ":" + (32768 + 2 * i) + " -> 10.0.0.100:80");
        return PacketView.of(in.run(f, Hook.TC_INGRESS).output()).dst().toString();
    }

    // ---- reverse NAT

    @Test
    void reverseDnatRoundTripAtAnotherHook() {
        CheckedPolicy p = Fixtures.body("attach tc ingress\nattach tc egress\n"
                + "rule lb when ipv4 and dst == 10.0.0.100 and dport == 80 do dnat to 10.0.1.11:8080, pass\n"
                + "rule seen when src == 10.0.0.100 and sport == 80 do redirect \"back0\"");
        Interpreter in = new Interpreter(p, () -> 0L);
        Result fwd = in.run(Fixtures.frame("tcp 192.0.2.7:40000 -> 10.0.0.100:80 flags syn"), Hook.TC_INGRESS);
        assertEquals("tcp 192.0.2.7:40000 -> 10.0.1.11:8080 flags syn", fwd.packet());
        assertEquals(1, in.state().flows().size());
        Result reply =
                in.run(Fixtures.frame("tcp 10.0.1.11:8080 -> 192.0.2.7:40000 flags syn,ack payload 9"), Hook.TC_EGRESS);
        assertEquals("tcp 10.0.0.100:80 -> 192.0.2.7:40000 flags syn,ack payload 9", reply.packet());
        assertEquals("seen", reply.rule(), "rules see the reverse-translated packet");
        Naive.assertChecksumsValid(reply.output().bytes());
        Result other = in.run(Fixtures.frame("udp 10.0.1.11:8080 -> 192.0.2.7:40000"), Hook.TC_EGRESS);
        assertEquals("udp 10.0.1.11:8080 -> 192.0.2.7:40000", other.packet(), "other protocol: untouched");
    }

    @Test
    void reverseSnatRoundTripIpv6() {
        CheckedPolicy p =
                Fixtures.body("rule out when ipv6 and src == 2001:db8::1 do snat to [2001:db8:ffff::1]:5555, pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        Result fwd = in.run(Fixtures.frame("udp [2001:db8::1]:1000 -> [2001:db8:2::2]:53"), Hook.TC_INGRESS);
        assertEquals("udp [2001:db8:ffff::1]:5555 -> [2001:db8:2::2]:53", fwd.packet());
        Result reply =
                in.run(Fixtures.frame("udp [2001:db8:2::2]:53 -> [2001:db8:ffff::1]:5555 payload 40"), Hook.TC_INGRESS);
        assertEquals("udp [2001:db8:2::2]:53 -> [2001:db8::1]:1000 payload 40", reply.packet());
        Naive.assertChecksumsValid(reply.output().bytes());
    }

    @Test
    void dnatAndSnatInOnePacketReverseTogether() {
        CheckedPolicy p = Fixtures.body(
                "rule both when ipv4 and dport == 80 do dnat to 10.0.1.11:8080, snat to 10.0.0.1:7000, pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        in.run(Fixtures.frame("tcp 192.0.2.7:40000 -> 10.0.0.100:80"), Hook.TC_INGRESS);
        Result reply = in.run(Fixtures.frame("tcp 10.0.1.11:8080 -> 10.0.0.1:7000"), Hook.TC_INGRESS);
        assertEquals("tcp 10.0.0.100:80 -> 192.0.2.7:40000", reply.packet());
        Naive.assertChecksumsValid(reply.output().bytes());
    }

    @Test
    void icmpEchoRepliesAreReversedByAddress() {
        CheckedPolicy p = Fixtures.body("rule lb when ipv4 and dst == 10.0.0.100 do dnat to 10.0.1.11, pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        in.run(Fixtures.frame("icmp 192.0.2.7 -> 10.0.0.100"), Hook.TC_INGRESS);
        Result reply = in.run(Fixtures.frame("icmp 10.0.1.11 -> 192.0.2.7 type 0 code 0"), Hook.TC_INGRESS);
        assertEquals("icmp 10.0.0.100 -> 192.0.2.7 type 0 code 0", reply.packet());
        Naive.assertChecksumsValid(reply.output().bytes());
    }

    @Test
    void droppedPacketsRecordNoFlow() {
        CheckedPolicy p = Fixtures.body("rule a when ipv4 do dnat to 10.0.1.11\nrule b when tcp do drop");
        Interpreter in = new Interpreter(p, () -> 0L);
        in.run(Fixtures.frame("tcp 192.0.2.7:1 -> 10.0.0.100:80"), Hook.TC_INGRESS);
        assertEquals(0, in.state().flows().size());
        in.run(Fixtures.frame("udp 192.0.2.7:1 -> 10.0.0.100:80"), Hook.TC_INGRESS);
        assertEquals(1, in.state().flows().size());
    }
}
