package dev.routec.compiler.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Expressions;
import dev.routec.compiler.interp.RuntimeState;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PacketView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacketGenTest {
    static final CheckedPolicy EDGE = PolicyTesterTest.edge("""
            rule ssh when tcp and dport == 22 and ip.ttl < 10 and vlan.id == 7 do drop
            property "p" { forall tcp where dst == vip and dport in web_ports => verdict == pass }
            """);

    static List<PacketSpec> draws(PacketClass cls, Optional<dev.routec.compiler.check.TExpr> where, long seed, int n) {
        PacketGen gen = new PacketGen(cls, new PolicyValues(EDGE), where);
        SplittableRandom r = new SplittableRandom(seed);
        List<PacketSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(gen.draw(r));
        return out;
    }

    @ParameterizedTest
    @EnumSource(PacketClass.class)
    void everyDrawBuildsAndBelongsToItsClass(PacketClass cls) {
        for (PacketSpec s : draws(cls, Optional.empty(), 11, 3000)) {
            PacketView v = PacketView.of(PacketBuilder.build(s));
            boolean in =
                    switch (cls) {
                        case TCP -> v.tcp();
                        case UDP -> v.udp();
                        case ICMP -> v.icmp();
                        case IPV4 -> v.ipv4();
                        case IPV6 -> v.ipv6();
                        case ANY -> true;
                    };
            assertTrue(in, () -> cls + ": " + PacketPrinter.print(s));
        }
    }

    @Test
    void theSameSeedDrawsTheSamePackets() {
        assertEquals(
                draws(PacketClass.ANY, Optional.empty(), 5, 500), draws(PacketClass.ANY, Optional.empty(), 5, 500));
    }

    @Test
    void anyCoversEveryFormFamilyAndOption() {
        Set<String> seen = new HashSet<>();
        for (PacketSpec s : draws(PacketClass.ANY, Optional.empty(), 3, 5000)) {
            String text = PolicyTester.notation(s);
            seen.add(text.split(" ")[0]);
            for (String opt : List.of("vlan", "ttl", "dscp", "len", "mark", "frag", "payload", "iif", "flags", "type"))
                if (text.contains(" " + opt + " ")) seen.add(opt);
            if (text.contains(":") && text.contains("[")) seen.add("v6");
        }
        for (String s : List.of(
                "tcp", "udp", "icmp", "icmp6", "sctp", "ip", "arp", "eth", "v6", "vlan", "ttl", "dscp", "len", "mark",
                "frag", "payload", "iif", "flags", "type"))
            assertTrue(seen.contains(s), () -> s + " never drawn; saw " + seen);
    }

    @Test
    void drawsLeanTowardWhatThePolicyMentions() {
        int vip = 0, ssh = 0, boundary = 0, n = 4000;
        for (PacketSpec s : draws(PacketClass.TCP, Optional.empty(), 9, n)) {
            String t = PacketPrinter.print(s);
            if (t.contains("-> 10.0.0.100:")) vip++;
            if (t.contains(":22 ") || t.endsWith(":22")) ssh++;
            if (t.contains(":8100") || t.contains(":7999") || t.contains("203.0.114.0") || t.contains("203.0.112.255"))
                boundary++;
        }
        assertTrue(vip > n / 100, "dst == vip drawn " + vip + " times");
        assertTrue(ssh > n / 100, "dport 22 drawn " + ssh + " times");
        assertTrue(boundary > n / 200, "boundaries drawn " + boundary + " times");
    }

    @Test
    void whereDirectsMostDraws() {
        CheckedPolicy.Prop p = EDGE.properties().get(0);
        RuntimeState model = new RuntimeState(EDGE);
        int held = 0, n = 2000;
        for (PacketSpec s : draws(PacketClass.TCP, p.where(), 4, n))
            if (Expressions.onInput(
                    p.where().orElseThrow(),
                    model,
                    PacketBuilder.build(s),
                    dev.routec.compiler.ast.Policy.Hook.TC_INGRESS)) held++;
        assertTrue(held > n / 2, "where held for " + held + " of " + n);
    }

    @Test
    void printedPacketsParseBackToTheSameBytes() {
        for (PacketSpec s : draws(PacketClass.ANY, Optional.empty(), 21, 3000)) {
            String text = PolicyTester.notation(s);
            PacketSpec back = Fixtures.spec(text);
            assertArrayEquals(
                    PacketBuilder.build(s).bytes(), PacketBuilder.build(back).bytes(), text);
        }
    }
}
