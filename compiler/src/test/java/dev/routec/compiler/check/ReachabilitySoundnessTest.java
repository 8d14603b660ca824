package dev.routec.compiler.check;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The reachability warnings are sound: a rule warned about as shadowed, never true or never
 * reached (W0101, W0102) is never run by the reference interpreter, on any packet of a broad
 * fixed sample. Random policies draw their conditions from overlapping atoms (ranges, prefixes,
 * protocol predicates, absent-field traps like {@code dport != 80}, set membership) and mix
 * verdicts, effects and rewrites, so shadowing is frequent.
 */
class ReachabilitySoundnessTest {
    private static final List<String> ATOMS = List.of(
            "tcp",
            "udp",
            "icmp",
            "ipv4",
            "ipv6",
            "sctp",
            "arp",
            "dport == 80",
            "dport == 53",
            "dport != 80",
            "not dport == 80",
            "dport in 1..100",
            "dport in 80..90",
            "dport in {53, 443}",
            "dport >= 443",
            "dport < 80",
            "sport == 1000",
            "sport in 1000..2000",
            "src in 10.0.0.0/8",
            "src in 10.1.0.0/16",
            "src == 10.0.0.1",
            "ip.src in 192.0.2.0/24",
            "src == 2001:db8::1",
            "ip6.src in 2001:db8::/32",
            "src in blocked",
            "dport in web_ports",
            "ip.ttl < 2",
            "ip.ttl == 64",
            "ip.dscp == 46",
            "tcp.syn",
            "proto == 6",
            "proto == 17",
            "ip.frag",
            "icmp.type == 8",
            "len > 100",
            "mark == 7");
    private static final List<String> ACTIONS = List.of(
            "drop",
            "pass",
            "log",
            "log, drop",
            "set dscp = 46",
            "set dscp = 46, pass",
            "set ttl = 1",
            "set mark = 7",
            "continue",
            "redirect \"fw0\"",
            "route");
    private static final List<String> PACKETS = new ArrayList<>();
    private static final List<Frame> FRAMES = new ArrayList<>();
    private static final AtomicInteger warned = new AtomicInteger();

    @BeforeAll
    static void packets() {
        List<String> v4 = List.of("10.0.0.1", "10.1.2.3", "192.0.2.9", "203.0.113.5");
        List<String> v6 = List.of("[2001:db8::1]", "[fe80::1]");
        for (String proto : List.of("tcp", "udp", "sctp"))
            for (String src : concat(v4, v6))
                for (int dport : new int[] {53, 80, 85, 443, 3000})
                    for (String opt : List.of("", " flags syn", " ttl 1", " dscp 46", " frag later", " payload 200"))
                        PACKETS.add(port(proto, src, dport, opt));
        for (String src : v4)
            PACKETS.addAll(List.of("icmp " + src + " -> 192.0.2.1", "ip proto 47 " + src + " -> 192.0.2.1"));
        PACKETS.addAll(List.of(
                "icmp6 2001:db8::1 -> 2001:db8::2",
                "icmp 10.0.0.1 -> 192.0.2.1 type 0 code 0",
                "arp",
                "eth type 0x88cc",
                "tcp 10.0.0.1:1000 -> 192.0.2.1:80 mark 7"));
        for (String text : PACKETS) {
            Diagnostics d = new Diagnostics();
            FRAMES.add(PacketBuilder.build(Frontend.packet(new SourceFile("<packet>", text), d)
                    .orElseGet(() -> fail(text + ": " + d.sorted()))));
        }
    }

    /** A packet with ports; flags only on TCP, and sport 1500 for dport 85 so `sport in ...` varies. */
    private static String port(String proto, String src, int dport, String opt) {
        String dst = src.startsWith("[") ? "[2001:db8::2]" : "192.0.2.1";
        String sport = dport == 85 ? "1500" : "1000";
        String options = opt.contains("flags") && !proto.equals("tcp") ? "" : opt;
        return proto + " " + src + ":" + sport + " -> " + dst + ":" + dport + options;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Gen<String> policies() {
        Gen<String> g = ReachabilitySoundnessTest::policy;
        return g.describedAs(s -> s);
    }

    private static String policy(RandomnessSource in) {
        StringBuilder sb = new StringBuilder("policy p {\n");
        sb.append("  set blocked : prefix4 = {10.0.0.0/8}\n  set web_ports : port = {80, 443}\n");
        int n = (int) in.next(Constraint.between(2, 7));
        for (int i = 0; i < n; i++) {
            boolean always = in.next(Constraint.between(0, 9)) == 0;
            sb.append("  rule r").append(i).append(always ? "" : " when " + cond(in, 2));
            sb.append(" do ").append(pick(in, ACTIONS)).append('\n');
        }
        return sb.append("  rule use_sets when src in blocked or dport in web_ports do log\n}\n")
                .toString();
    }

    private static String cond(RandomnessSource in, int depth) {
        long k = depth == 0 ? 0 : in.next(Constraint.between(0, 5));
        return switch ((int) k) {
            case 1 -> "(" + cond(in, depth - 1) + " and " + cond(in, depth - 1) + ")";
            case 2 -> "(" + cond(in, depth - 1) + " or " + cond(in, depth - 1) + ")";
            case 3 -> "not " + cond(in, depth - 1);
            default -> pick(in, ATOMS);
        };
    }

    private static <T> T pick(RandomnessSource in, List<T> xs) {
        return xs.get((int) in.next(Constraint.between(0, xs.size() - 1)));
    }

    private static void assertSound(String text) {
        Frontend.Result r = Frontend.check(new SourceFile("random.route", text));
        if (!r.ok())
            fail("generated policy does not check:\n" + text + r.diags().sorted());
        Set<String> never = r.diags().sorted().stream()
                .filter(d -> d.code() == Code.SHADOWED_RULE || d.code() == Code.UNREACHABLE_RULE)
                .map(Diagnostic::message)
                .map(m -> m.substring(m.indexOf('`') + 1, m.indexOf('`', m.indexOf('`') + 1)))
                .collect(Collectors.toSet());
        if (never.isEmpty()) return;
        warned.addAndGet(never.size());
        var policy = r.policies().get(0);
        Interpreter interp = new Interpreter(policy, () -> 0L);
        for (int i = 0; i < FRAMES.size(); i++) {
            Result res = interp.run(FRAMES.get(i), Interpreter.firstHook(policy));
            for (Result.Counter c : res.counters())
                if (never.contains(c.rule()))
                    fail("rule `" + c.rule() + "` is warned about, but packet `" + PACKETS.get(i) + "` runs it:\n"
                            + text);
        }
    }

    @Test
    void warnedRulesNeverRun() {
        qt().withFixedSeed(0x5eed_0005L)
                .withExamples(400)
                .forAll(policies())
                .checkAssert(ReachabilitySoundnessTest::assertSound);
        assertTrue(warned.get() > 100, "only " + warned + " warnings: the generator no longer exercises the analysis");
    }
}
