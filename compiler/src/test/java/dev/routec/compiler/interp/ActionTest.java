package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.PacketView;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Verdicts and the non-NAT actions of LANGUAGE.md §5. */
class ActionTest {
    static final String TCP = "tcp 10.0.0.1:1234 -> 10.0.0.2:80";

    @Test
    void verdicts() {
        assertEquals(Verdict.PASS, run("rule r do pass", TCP).verdict());
        assertEquals(Verdict.DROP, run("rule r do drop", TCP).verdict());
        Result redirect = run("rule r do redirect \"eth7\"", TCP);
        assertEquals(Verdict.REDIRECT, redirect.verdict());
        assertEquals(Optional.of("eth7"), redirect.iface());
        Result route = run("rule r do route table 100", TCP);
        assertEquals(Verdict.ROUTE, route.verdict());
        assertEquals(Optional.empty(), route.iface());
        assertEquals(Fixtures.frame(TCP), route.output(), "no FIB rewrite in the interpreter");
    }

    @Test
    void firstDecidingRuleWinsAndDefaultAppliesOtherwise() {
        String rules = "rule a when udp do drop\nrule b when tcp do redirect \"x1\"\nrule c do drop\ndefault pass";
        Result r = run(rules, TCP);
        assertEquals("b", r.rule());
        assertEquals(1, r.ruleId());
        Result d = run("rule a when udp do drop\ndefault drop", TCP);
        assertEquals(Verdict.DROP, d.verdict());
        assertEquals("default", d.rule());
        assertEquals(1, d.ruleId());
        Result implicit = run("rule a when udp do drop", TCP);
        assertEquals(Verdict.PASS, implicit.verdict());
        assertEquals("default", implicit.rule());
    }

    @Test
    void effectOnlyRulesGoOnAndAreCounted() {
        Result r = run("rule a do log \"x\"\nrule b when udp do drop\nrule c do continue\ndefault pass", TCP);
        assertEquals("default", r.rule());
        assertEquals(
                List.of(
                        new Result.Counter(0, "a", 54),
                        new Result.Counter(2, "c", 54),
                        new Result.Counter(3, "default", 54)),
                r.counters());
        assertEquals(Result.Cause.VERDICT, r.cause());
    }

    @Test
    void setMarkIsSeenByLaterRulesAndReported() {
        Result r = run("rule a do set mark = 5\nrule b when mark == 5 do drop", TCP);
        assertEquals(Verdict.DROP, r.verdict());
        assertEquals("b", r.rule());
        assertEquals(OptionalLong.of(5), r.mark());
        assertEquals(5, r.output().mark());
        assertEquals(
                OptionalLong.of(9),
                run("rule a when tcp do pass", TCP + " mark 9").mark(),
                "untouched");
        assertEquals(OptionalLong.of(0), run("rule a when tcp do pass", TCP).mark());
    }

    @Test
    void setMarkFromAMapAndFromFields() {
        String decl = "map m : prefix4 -> u32 default 7 = {10.0.0.0/8: 1}\n";
        assertEquals(
                OptionalLong.of(1),
                run(decl + "rule a do set mark = m[src], pass", TCP).mark());
        assertEquals(
                OptionalLong.of(7),
                run(decl + "rule a do set mark = m[src], pass", "arp").mark(),
                "absent key");
        assertEquals(
                OptionalLong.of(1234),
                run("rule a do set mark = sport, pass", TCP).mark());
        assertEquals(
                OptionalLong.of(3),
                run("rule a do set mark = sport, pass", "arp mark 3").mark(),
                "absent value");
    }

    @Test
    void setDscpIpv4FixesTheChecksumAndKeepsEcn() {
        byte[] in = Fixtures.frame("udp 10.0.0.1:1 -> 10.0.0.2:53 dscp 10").bytes();
        in[15] |= 0x03; // ECN CE
        Naive.fixIpv4(in);
        Result r = runFrame("rule a do set dscp = 46, pass", new dev.routec.compiler.packet.Frame(in, "test0", 0));
        byte[] out = r.output().bytes();
        assertEquals((46 << 2) | 3, out[15] & 0xff);
        Naive.assertChecksumsValid(out);
        assertEquals(true, FieldTest.holds("ip.dscp == 46", r.output()));
    }

    @Test
    void setDscpIpv6AndMasking() {
        Result r = run("rule a do set dscp = 46, pass", "udp [2001:db8::1]:1 -> [2001:db8::2]:53");
        PacketView v = PacketView.of(r.output());
        assertEquals(46 << 2, v.trafficClass());
        Naive.assertChecksumsValid(r.output().bytes());
        Result masked = run("rule a do set dscp = sport, pass", "udp 10.0.0.1:65535 -> 10.0.0.2:53");
        assertEquals(63, PacketView.of(masked.output()).ipDscp());
        Naive.assertChecksumsValid(masked.output().bytes());
    }

    @Test
    void setTtl() {
        Result r = run("rule a do set ttl = 3, pass", "tcp 10.0.0.1:1 -> 10.0.0.2:80 ttl 200");
        assertEquals(3, PacketView.of(r.output()).ipTtl());
        Naive.assertChecksumsValid(r.output().bytes());
        Result v6 = run("rule a do set ttl = 1, pass", "icmp6 2001:db8::1 -> 2001:db8::2");
        assertEquals(1, PacketView.of(v6.output()).ip6HopLimit());
        Naive.assertChecksumsValid(v6.output().bytes());
        Result masked = run("rule a do set ttl = dport, pass", "udp 10.0.0.1:1 -> 10.0.0.2:0x1234");
        assertEquals(0x34, PacketView.of(masked.output()).ipTtl());
        Naive.assertChecksumsValid(masked.output().bytes());
        Result later = run("rule a do set ttl = 9\nrule b when ip.ttl == 9 do drop", TCP);
        assertEquals("b", later.rule());
        Result arp = run("rule a do set ttl = 9, set dscp = 1, pass", "arp");
        assertEquals(Fixtures.frame("arp"), arp.output(), "nothing to rewrite");
    }

    @Test
    void mirrorAndLogAreRecordedInOrderWithThePacketAtThatPoint() {
        Result r = run("rule a do mirror \"mon0\", set ttl = 1, log \"t\"\nrule b do log, pass", TCP);
        assertEquals(3, r.effects().size());
        Result.Mirror m = assertInstanceOf(Result.Mirror.class, r.effects().get(0));
        assertEquals("mon0", m.iface());
        assertEquals("a", m.rule());
        assertEquals(64, PacketView.of(m.copy()).ipTtl());
        Result.Log l = assertInstanceOf(Result.Log.class, r.effects().get(1));
        assertEquals(Optional.of("t"), l.tag());
        assertEquals(1, PacketView.of(l.packet()).ipTtl());
        Result.Log l2 = assertInstanceOf(Result.Log.class, r.effects().get(2));
        assertEquals("b", l2.rule());
        assertEquals(Optional.empty(), l2.tag());
    }

    @Test
    void limitLetsTheBurstThroughAtOneInstantThenDropsByThatRule() {
        CheckedPolicy p = Fixtures.body("rule lim when tcp do limit 10/s burst 3\nrule after do pass");
        AtomicLong now = new AtomicLong(1_000);
        Interpreter in = new Interpreter(p, now::get);
        for (int i = 0; i < 3; i++)
            assertEquals("after", in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).rule());
        Result over = in.run(Fixtures.frame(TCP), Hook.TC_INGRESS);
        assertEquals(Verdict.DROP, over.verdict());
        assertEquals("lim", over.rule());
        assertEquals(Result.Cause.LIMIT, over.cause());
        now.addAndGet(99_999_999); // 0.1 s - 1 ns: not yet a token
        assertEquals(Verdict.DROP, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        now.addAndGet(1);
        assertEquals(Verdict.PASS, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals(Verdict.DROP, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals(
                Verdict.PASS,
                in.run(Fixtures.frame("udp 10.0.0.1:1 -> 10.0.0.2:2"), Hook.TC_INGRESS)
                        .verdict());
    }

    @Test
    void limitPerSourceKeepsSeparateBuckets() {
        CheckedPolicy p = Fixtures.body("rule lim do limit 1/m burst 1 per src\ndefault pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        assertEquals(Verdict.PASS, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals(Verdict.DROP, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals(
                Verdict.DROP,
                in.run(Fixtures.frame("udp 10.0.0.1:5 -> 10.0.0.9:6"), Hook.TC_INGRESS)
                        .verdict(),
                "same source, other flow");
        assertEquals(
                Verdict.PASS,
                in.run(Fixtures.frame("tcp 10.0.0.3:1 -> 10.0.0.2:80"), Hook.TC_INGRESS)
                        .verdict());
        assertEquals(
                Verdict.PASS, in.run(Fixtures.frame("arp"), Hook.TC_INGRESS).verdict(), "non-IP bucket");
        assertEquals(
                Verdict.DROP, in.run(Fixtures.frame("arp"), Hook.TC_INGRESS).verdict());
    }

    @Test
    void limitPerFlowAndGlobal() {
        CheckedPolicy flow = Fixtures.body("rule lim do limit 1/s burst 1 per flow\ndefault pass");
        Interpreter in = new Interpreter(flow, () -> 0L);
        assertEquals(Verdict.PASS, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals(
                Verdict.PASS,
                in.run(Fixtures.frame("tcp 10.0.0.1:1235 -> 10.0.0.2:80"), Hook.TC_INGRESS)
                        .verdict());
        assertEquals(Verdict.DROP, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        CheckedPolicy global = Fixtures.body("rule lim do limit 2/s\ndefault pass");
        Interpreter g = new Interpreter(global, () -> 0L);
        assertEquals(Verdict.PASS, g.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals(Verdict.PASS, g.run(Fixtures.frame("arp"), Hook.TC_INGRESS).verdict());
        assertEquals(
                Verdict.DROP,
                g.run(Fixtures.frame("udp 10.9.9.9:1 -> 10.0.0.2:2"), Hook.TC_INGRESS)
                        .verdict());
    }

    @Test
    void twoLimitsHaveTwoBuckets() {
        CheckedPolicy p =
                Fixtures.body("rule a when tcp do limit 1/s burst 1\nrule b do limit 1/s burst 1\ndefault pass");
        Interpreter in = new Interpreter(p, () -> 0L);
        assertEquals(Verdict.PASS, in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).verdict());
        assertEquals("a", in.run(Fixtures.frame(TCP), Hook.TC_INGRESS).rule());
        assertTrue(in.state().buckets().size() == 2);
    }

    @Test
    void xdpReportsNoMark() {
        CheckedPolicy p = Fixtures.body("attach xdp\nrule a do drop");
        Result r = new Interpreter(p, () -> 0L).run(Fixtures.frame(TCP), Hook.XDP);
        assertEquals(OptionalLong.empty(), r.mark());
        assertEquals(
                "{\"verdict\":\"drop\",\"rule\":\"a\",\"iface\":null,\"mark\":null,\"packet\":\"" + TCP + "\"}",
                r.toJson());
    }

    static Result run(String rules, String packet) {
        return Fixtures.run(Fixtures.body(rules), packet);
    }

    static Result runFrame(String rules, dev.routec.compiler.packet.Frame f) {
        return new Interpreter(Fixtures.body(rules), () -> 0L).run(f, Hook.TC_INGRESS);
    }
}
