package dev.routec.tests.diff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The policy generator of the differential suite: everything it makes passes the checker (a
 * rejection would be a generator bug, and the campaign counts it as a failure), and the policies of
 * the CI campaign use every construct of LANGUAGE.md it claims to cover.
 */
class GeneratorTest {
    static final int N = 3000;

    /** Every construct, as a pattern over the policy text. */
    static final List<String> CONSTRUCTS = List.of(
            "attach xdp\\b",
            "attach tc ingress",
            "attach tc egress",
            " on \"",
            "const k_\\d+ = \\{",
            "const k_\\d+ = \\d+\\.",
            "const k_\\d+ = [0-9a-f:]+/",
            "set s_\\d+ : ipv4",
            "set s_\\d+ : ipv6",
            "set s_\\d+ : prefix4",
            "set s_\\d+ : prefix6",
            "set s_\\d+ : port",
            "set s_\\d+ : u32",
            "set s_\\d+ : mac",
            "capacity \\d+",
            "-> u8",
            "-> u16",
            "-> u32",
            "-> u64",
            "-> ipv4",
            "-> ipv6",
            "-> port",
            "-> mark",
            " default [^,\\n]+ =",
            "pool p_\\d+ : ipv4 ",
            "pool p_\\d+ : ipv4:port",
            "\\d+\\.\\.\\d+",
            " in s_\\d+",
            " in m_\\d+",
            " in p_\\d+",
            "m_\\d+\\[",
            " in k_\\d+",
            "== k_\\d+",
            " & ",
            " != ",
            " < ",
            " <= ",
            " > ",
            " >= ",
            "\\bnot ",
            " or ",
            " and ",
            "\\bsrc\\b",
            "\\bdst\\b",
            "ip\\.src",
            "ip\\.dst",
            "ip\\.ttl",
            "ip\\.proto",
            "ip\\.dscp",
            "ip\\.len",
            "ip\\.frag",
            "ip6\\.src",
            "ip6\\.dst",
            "ip6\\.hoplimit",
            "ip6\\.nexthdr",
            "ip6\\.flowlabel",
            "\\bproto\\b",
            "\\bsport\\b",
            "\\bdport\\b",
            "tcp\\.syn",
            "tcp\\.ack",
            "tcp\\.fin",
            "tcp\\.rst",
            "tcp\\.psh",
            "tcp\\.urg",
            "icmp\\.type",
            "icmp\\.code",
            "eth\\.src",
            "eth\\.dst",
            "eth\\.type",
            "vlan\\.id",
            "\\biif\\b",
            "\\bmark\\b [=<>!]",
            "\\blen\\b",
            "\\btcp\\b",
            "\\budp\\b",
            "\\bicmp\\b",
            "\\bicmp6\\b",
            "\\bsctp\\b",
            "\\bipv4\\b",
            "\\bipv6\\b",
            "\\barp\\b",
            "do pass",
            "drop",
            "redirect \"",
            "route table \\d+",
            "route via \\d",
            "route via [0-9a-f]*:",
            "\\broute\\b(?! table| via)",
            "dnat to \\d",
            "dnat to \\[",
            "dnat to p_",
            "snat to \\d",
            "snat to [0-9a-f]*:",
            "dnat to k_",
            "set mark = ",
            "set dscp = ",
            "set ttl = ",
            "set dscp = m_",
            "set ttl = [a-z]",
            "mirror \"",
            "limit \\d+/s",
            "limit \\d+/m",
            "burst \\d+",
            "per src",
            "per dst",
            "per flow",
            "log \"",
            "log(,|\\n)",
            "continue",
            "default [a-z]+ ",
            "rule r_\\d+ do ");

    @Test
    void everyGeneratedPolicyChecksAndEveryConstructOccurs() {
        List<String> bad = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            GenPolicy p = PolicyGenerator.generate(r.split(), "g" + i, PolicyGenerator.MAX_RULES);
            Frontend.Result res = Frontend.check(new SourceFile("g.route", p.text()));
            if (i < 300) all.append(p.text());
            if (!res.ok() && bad.size() < 5)
                bad.add(p.text()
                        + res.diags().sorted().stream()
                                .filter(Diagnostic::isError)
                                .map(Renderer::render)
                                .reduce("", String::concat));
        }
        assertTrue(bad.isEmpty(), String.join("\n\n", bad));
        List<String> missing = CONSTRUCTS.stream()
                .filter(c -> !Pattern.compile(c).matcher(all).find())
                .toList();
        assertTrue(missing.isEmpty(), "constructs never generated in 300 policies: " + missing);
    }

    @Test
    void policiesRangeUpToFiftyRules() {
        SplittableRandom r = new SplittableRandom(7);
        int max = 0;
        for (int i = 0; i < 500; i++)
            max = Math.max(
                    max,
                    PolicyGenerator.generate(r.split(), "g", PolicyGenerator.MAX_RULES)
                            .rules()
                            .size());
        assertTrue(max >= 45 && max <= PolicyGenerator.MAX_RULES, "largest policy has " + max + " rules");
    }
}
