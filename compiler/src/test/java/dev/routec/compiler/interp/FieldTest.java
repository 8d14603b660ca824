package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every field and predicate of LANGUAGE.md §4, present and absent, and the operators. */
class FieldTest {

    /** Whether {@code cond} holds for the packet (rule {@code r when COND do drop}). */
    static boolean holds(String cond, Frame f) {
        CheckedPolicy p = Fixtures.body("rule r when " + cond + " do drop\ndefault pass");
        return new Interpreter(p, () -> 0L).run(f, Policy.Hook.TC_INGRESS).verdict() == Verdict.DROP;
    }

    static boolean holds(String cond, String packet) {
        return holds(cond, Fixtures.frame(packet));
    }

    @ParameterizedTest(name = "{0}  on  {1}  => {2}")
    @CsvSource(delimiter = '|', textBlock = """
            src == 10.0.0.1                  | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            src == 10.0.0.1                  | tcp 10.0.0.9:1 -> 10.0.0.2:80                     | false
            src == 10.0.0.1                  | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | false
            src != 10.0.0.1                  | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | false
            not src == 10.0.0.1              | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            src == 2001:db8::1               | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            src in 10.0.0.0/8                | udp 10.9.9.9:1 -> 10.0.0.2:53                     | true
            src != 10.0.0.1                  | arp                                               | false
            not src == 10.0.0.1              | arp                                               | true
            dst == 10.0.0.2                  | icmp 10.0.0.1 -> 10.0.0.2                         | true
            dst != 10.0.0.2                  | eth type 0x88b5                                   | false
            ip.src == 10.0.0.1               | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            ip.src != 10.0.0.1               | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | false
            ip.dst == 10.0.0.2               | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            ip.ttl == 64                     | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            ip.ttl == 5                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 ttl 5               | true
            ip.ttl == 64                     | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | false
            ip.proto == 17                   | udp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            ip.proto == 17                   | udp [2001:db8::1]:1 -> [2001:db8::2]:80           | false
            ip.proto == 47                   | ip proto 47 10.0.0.1 -> 10.0.0.2                  | true
            ip.dscp == 46                    | udp 10.0.0.1:1 -> 10.0.0.2:80 dscp 46             | true
            ip.dscp == 0                     | udp [2001:db8::1]:1 -> [2001:db8::2]:80 dscp 0    | false
            ip.len == 50                     | tcp 10.0.0.1:1 -> 10.0.0.2:80 payload 10          | true
            ip.len == 50                     | tcp 10.0.0.1:1 -> 10.0.0.2:80 payload 10 len 70   | true
            ip.frag                          | udp 10.0.0.1:1 -> 10.0.0.2:80 frag first          | true
            ip.frag                          | udp 10.0.0.1:1 -> 10.0.0.2:80 frag later          | true
            ip.frag                          | udp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            ip.frag                          | udp [2001:db8::1]:1 -> [2001:db8::2]:80 frag first| false
            not ip.frag                      | udp [2001:db8::1]:1 -> [2001:db8::2]:80 frag first| true
            ip6.src == 2001:db8::1           | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            ip6.src != 2001:db8::1           | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            ip6.dst == 2001:db8::2           | icmp6 2001:db8::1 -> 2001:db8::2                  | true
            ip6.hoplimit == 7                | icmp6 2001:db8::1 -> 2001:db8::2 ttl 7            | true
            ip6.hoplimit == 64               | icmp 10.0.0.1 -> 10.0.0.2                         | false
            ip6.nexthdr == 6                 | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            ip6.nexthdr == 44                | tcp [2001:db8::1]:1 -> [2001:db8::2]:80 frag first| true
            ip6.flowlabel == 0               | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            ip6.flowlabel == 0               | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            proto == 6                       | tcp [2001:db8::1]:1 -> [2001:db8::2]:80 frag first| true
            proto == 6                       | tcp [2001:db8::1]:1 -> [2001:db8::2]:80 frag later| true
            proto == 1                       | icmp 10.0.0.1 -> 10.0.0.2                         | true
            proto == 58                      | icmp6 2001:db8::1 -> 2001:db8::2                  | true
            proto == 47                      | ip proto 47 [2001:db8::1] -> [2001:db8::2]        | true
            proto != 0                       | arp                                               | false
            sport == 1234                    | tcp 10.0.0.1:1234 -> 10.0.0.2:80                  | true
            dport == 80                      | tcp 10.0.0.1:1234 -> 10.0.0.2:80                  | true
            dport == 53                      | udp [2001:db8::1]:5353 -> [2001:db8::2]:53        | true
            dport == 9                       | sctp 10.0.0.1:7 -> 10.0.0.2:9                     | true
            dport != 80                      | icmp 10.0.0.1 -> 10.0.0.2                         | false
            not dport == 80                  | icmp 10.0.0.1 -> 10.0.0.2                         | true
            dport == 80                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 frag first          | true
            dport == 80                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 frag later          | false
            dport != 80                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 frag later          | false
            dport == 80                      | tcp [2001:db8::1]:1 -> [2001:db8::2]:80 frag later| false
            dport == 80                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 len 50              | false
            not dport == 80                  | tcp 10.0.0.1:1 -> 10.0.0.2:80 len 50              | true
            dport == 80                      | udp 10.0.0.1:1 -> 10.0.0.2:80 len 42              | true
            dport == 80                      | udp 10.0.0.1:1 -> 10.0.0.2:80 len 41              | false
            dport == 80                      | ip proto 6 10.0.0.1 -> 10.0.0.2                   | false
            tcp.syn                          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags syn           | true
            tcp.syn                          | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            tcp.syn and tcp.ack              | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags syn,ack       | true
            tcp.syn and not tcp.ack          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags syn,ack       | false
            tcp.fin                          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags fin           | true
            tcp.rst                          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags rst           | true
            tcp.psh                          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags psh           | true
            tcp.urg                          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags urg           | true
            tcp.ack                          | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags urg           | false
            tcp.syn                          | udp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            not tcp.syn                      | udp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            not tcp.syn                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 flags syn len 40    | true
            icmp.type == 8                   | icmp 10.0.0.1 -> 10.0.0.2                         | true
            icmp.type == 128                 | icmp6 2001:db8::1 -> 2001:db8::2                  | true
            icmp.type == 3 and icmp.code == 1| icmp 10.0.0.1 -> 10.0.0.2 type 3 code 1           | true
            icmp.code == 0                   | icmp 10.0.0.1 -> 10.0.0.2 type 3 code 1           | false
            icmp.type != 8                   | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            icmp.type == 8                   | icmp 10.0.0.1 -> 10.0.0.2 frag later              | false
            eth.src == 02:00:00:00:00:01     | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            eth.dst == 02:00:00:00:00:02     | arp                                               | true
            eth.src == 0a:0b:0c:0d:0e:0f     | eth 0a:0b:0c:0d:0e:0f -> 02:00:00:00:00:02 arp    | true
            eth.dst == 0a:0b:0c:0d:0e:0f     | eth 02:00:00:00:00:01 -> 0a:0b:0c:0d:0e:0f arp    | true
            eth.src == 02:00:00:00:00:01     | eth type 0x0800 len 10                            | false
            eth.type == 0x0800               | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            eth.type == 0x86dd               | tcp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            eth.type == 0x0806               | arp                                               | true
            eth.type == 0x88b5               | eth type 0x88b5                                   | true
            eth.type == 0x0800               | tcp 10.0.0.1:1 -> 10.0.0.2:80 vlan 10             | true
            vlan.id == 10                    | tcp 10.0.0.1:1 -> 10.0.0.2:80 vlan 10             | true
            vlan.id == 10                    | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            vlan.id != 10                    | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            not vlan.id == 10                | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            dport == 80                      | tcp 10.0.0.1:1 -> 10.0.0.2:80 vlan 4095           | true
            iif == "test0"                   | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            iif == "eth1"                    | tcp 10.0.0.1:1 -> 10.0.0.2:80 iif "eth1"          | true
            iif != "eth1"                    | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            mark == 7                        | tcp 10.0.0.1:1 -> 10.0.0.2:80 mark 7              | true
            mark == 0                        | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            mark > 1                         | tcp 10.0.0.1:1 -> 10.0.0.2:80 mark 4294967295     | true
            len == 54                        | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            len > 100                        | udp 10.0.0.1:1 -> 10.0.0.2:80 payload 100         | true
            len == 30                        | tcp 10.0.0.1:1 -> 10.0.0.2:80 len 30              | true
            len == 10                        | eth type 0x0800 len 10                            | true
            tcp                              | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            tcp                              | tcp 10.0.0.1:1 -> 10.0.0.2:80 frag later          | true
            tcp                              | tcp 10.0.0.1:1 -> 10.0.0.2:80 len 40              | true
            tcp                              | udp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            udp                              | udp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            sctp                             | sctp 10.0.0.1:1 -> 10.0.0.2:80                    | true
            icmp                             | icmp 10.0.0.1 -> 10.0.0.2                         | true
            icmp                             | icmp6 2001:db8::1 -> 2001:db8::2                  | false
            icmp6                            | icmp6 2001:db8::1 -> 2001:db8::2                  | true
            icmp6                            | icmp 10.0.0.1 -> 10.0.0.2                         | false
            icmp6                            | ip proto 58 10.0.0.1 -> 10.0.0.2                  | false
            ipv4                             | udp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            ipv4                             | udp 10.0.0.1:1 -> 10.0.0.2:80 len 30              | false
            not src == 10.0.0.1              | udp 10.0.0.1:1 -> 10.0.0.2:80 len 30              | true
            ipv4                             | udp [2001:db8::1]:1 -> [2001:db8::2]:80           | false
            ipv6                             | udp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            ipv6                             | udp [2001:db8::1]:1 -> [2001:db8::2]:80 len 50    | false
            arp                              | arp                                               | true
            arp                              | arp vlan 3                                        | true
            arp                              | udp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            dport & 0xff00 == 0x1f00         | tcp 10.0.0.1:1 -> 10.0.0.2:8080                   | true
            dport & 0xff00 == 0x1f00         | icmp 10.0.0.1 -> 10.0.0.2                         | false
            dport > 1023                     | tcp 10.0.0.1:1 -> 10.0.0.2:8080                   | true
            dport >= 80                      | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            dport < 81                       | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            dport <= 79                      | tcp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            dport in {80, 443, 8000..8099}   | tcp 10.0.0.1:1 -> 10.0.0.2:8050                   | true
            dport in {80, 443, 8000..8099}   | tcp 10.0.0.1:1 -> 10.0.0.2:8100                   | false
            dport in 1024..65535             | udp 10.0.0.1:1 -> 10.0.0.2:65535                  | true
            src in {10.0.0.0/8, 192.168.0.0/16} | udp 192.168.4.4:1 -> 10.0.0.2:80               | true
            src in {10.0.0.0/8, 192.168.0.0/16} | udp [2001:db8::1]:1 -> [2001:db8::2]:80        | false
            src in {10.0.0.1, 2001:db8::1}   | udp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            src in 2001:db8::/32             | udp [2001:db8::1]:1 -> [2001:db8::2]:80           | true
            eth.src in {02:00:00:00:00:01}   | arp                                               | true
            tcp or udp                       | udp 10.0.0.1:1 -> 10.0.0.2:80                     | true
            tcp and udp                      | udp 10.0.0.1:1 -> 10.0.0.2:80                     | false
            not (tcp or udp)                 | icmp 10.0.0.1 -> 10.0.0.2                         | true
            """)
    void fieldOnPacket(String cond, String packet, boolean expected) {
        assertEquals(expected, holds(cond.strip(), packet.strip()));
    }

    @Test
    void ipv4OptionsAreSkippedToFindL4() {
        Frame f = RawFrames.withIpv4Options(Fixtures.frame("tcp 10.0.0.1:1234 -> 10.0.0.2:80 flags syn"), 3);
        assertEquals(true, holds("dport == 80 and sport == 1234 and tcp.syn", f));
        assertEquals(true, holds("ip.len == 52", f));
        assertEquals(true, holds("len == 66", f));
        Frame max = RawFrames.withIpv4Options(Fixtures.frame("udp 10.0.0.1:1234 -> 10.0.0.2:53"), 10);
        assertEquals(true, holds("dport == 53", max));
        Frame cut = new Frame(java.util.Arrays.copyOf(max.bytes(), 14 + 50), "test0", 0);
        assertEquals(false, holds("ipv4", cut), "IHL bytes not all present");
        assertEquals(true, holds("not dport == 53", cut));
    }

    @Test
    void ipv6ExtensionHeadersAreSkippedUpToFour() {
        Frame base = Fixtures.frame("tcp [2001:db8::1]:1234 -> [2001:db8::2]:80");
        Frame three = RawFrames.withIpv6Extensions(base, 0, 60, 43);
        assertEquals(true, holds("proto == 6 and dport == 80 and ip6.nexthdr == 0", three));
        Frame four = RawFrames.withIpv6Extensions(base, 0, 60, 43, 44);
        assertEquals(true, holds("tcp and dport == 80", four));
        assertEquals(false, holds("ip6.nexthdr == 6", four));
        Frame five = RawFrames.withIpv6Extensions(base, 0, 60, 43, 44, 60);
        assertEquals(false, holds("tcp", five));
        assertEquals(false, holds("proto == 6", five));
        assertEquals(false, holds("dport == 80", five));
        assertEquals(true, holds("not dport == 80", five));
        assertEquals(true, holds("ipv6 and src == 2001:db8::1 and ip6.nexthdr == 0", five));
    }

    @Test
    void flowLabel() {
        Frame f = RawFrames.withFlowLabel(Fixtures.frame("udp [2001:db8::1]:1 -> [2001:db8::2]:53"), 0xabcde);
        assertEquals(true, holds("ip6.flowlabel == 0xabcde", f));
        assertEquals(true, holds("ip6.flowlabel > 0x80000", f));
    }

    @Test
    void markIsAbsentAtXdp() {
        // the checker rejects `mark` in rules at xdp; checks can still read it: absent there
        CheckedPolicy p = Fixtures.body("attach xdp\nrule r when tcp do drop\ndefault pass");
        Result r = new Interpreter(p, () -> 0L)
                .run(Fixtures.frame("tcp 10.0.0.1:1 -> 10.0.0.2:80 mark 3"), Policy.Hook.XDP);
        var view = dev.routec.compiler.packet.PacketView.of(r.output());
        Evaluator e = Evaluator.forRules(new RuntimeState(p), view, false);
        assertEquals(java.util.Optional.empty(), e.field(dev.routec.compiler.check.Field.MARK));
        assertEquals(java.util.OptionalLong.empty(), r.mark());
    }
}
