package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A policy of 3,000 rules (prefixes, exact addresses, port sets and ranges, IPv6 prefixes, TTL and
 * protocol tests, VLAN and EtherType, a named prefix set, effects and verdicts mixed) compiles and
 * loads at two hooks (the verifier checks each 32-rule chunk once, so its work grows linearly), and
 * agrees with the interpreter on packets aimed at rules all along the list.
 */
@KernelAvailable
class ScaleTest {
    static final int RULES = 3000;

    static String policy() {
        StringBuilder b = new StringBuilder("policy big {\n  attach tc ingress\n  attach xdp\n");
        b.append("  set bad : prefix4 capacity 1000 = {203.0.113.0/24}\n");
        for (int i = 0; i < RULES; i++) {
            int a = (i / 256) % 256, c = i % 256;
            String cond =
                    switch (i % 6) {
                        case 0 -> "src in 10." + a + "." + c + ".0/24 and tcp and dport == " + (1000 + i % 5000);
                        case 1 ->
                            "dst == 172.16." + a + "." + c + " and udp and dport in {53, " + (2000 + i % 1000)
                                    + ", 8000..8100}";
                        case 2 -> "src in 2001:db8:" + Integer.toHexString(i) + "::/48 and sport > " + (i % 60000);
                        case 3 -> "ip.ttl < " + (1 + i % 200) + " and proto == " + (i % 255) + " and not ip.frag";
                        case 4 -> "vlan.id == " + (i % 4096) + " or eth.type == " + (0x1000 + i);
                        default ->
                            "src in bad and dport in {" + (i % 65535) + ", " + (i * 7 % 65535) + ", "
                                    + (i * 13 % 65535) + ", " + (i * 17 % 65535) + ", " + (i * 19 % 65535) + ", "
                                    + (i * 23 % 65535) + "}";
                    };
            String act = List.of("drop", "pass", "continue", "set dscp = 10", "log \"x\", pass", "redirect \"eth1\"")
                    .get(i % 6);
            b.append("  rule r")
                    .append(i)
                    .append(" when ")
                    .append(cond)
                    .append(" do ")
                    .append(act)
                    .append('\n');
        }
        return b.append("  default pass\n}\n").toString();
    }

    static List<Frame> packets() {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < RULES; i += 37) {
            int a = (i / 256) % 256, c = i % 256;
            out.add(Differ.frame("tcp 10." + a + "." + c + ".5:1234 -> 192.0.2.1:" + (1000 + i % 5000) + " flags syn"));
            out.add(Differ.frame("udp 198.51.100.1:9 -> 172.16." + a + "." + c + ":8050"));
            out.add(Differ.frame("tcp [2001:db8:" + Integer.toHexString(i) + "::9]:65000 -> [2001:db8::1]:80"));
            out.add(Differ.frame("udp 192.0.2.1:9 -> 192.0.2.2:9 ttl " + (1 + i % 150)));
            out.add(Differ.frame("udp 203.0.113.7:9 -> 192.0.2.2:" + (i * 13 % 65535)));
            out.add(Differ.frame("eth type " + (0x1000 + i) + " payload 4"));
        }
        return out;
    }

    @Test
    @Timeout(600)
    void threeThousandRulesCompileLoadAndAgree() {
        CheckedPolicy p = Differ.policy(policy());
        assertEquals(RULES, p.rules().size());
        try (Differ d = new Differ(p)) {
            for (Frame f : packets()) d.runAll(f, "scale");
            long verified = d.kernel.object().program("rt_tc_ingress").verifiedInstructions();
            System.out.println("scale: " + RULES + " rules loaded at 2 hooks, " + verified
                    + " instructions verified (tc ingress), " + d.runs + " runs compared");
            assertTrue(d.problems.isEmpty(), d.report());
            assertTrue(d.runs >= 900, "runs " + d.runs);
        }
    }
}
