package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.Frame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The malformed-packet sweep: every example policy, at every hook it attaches at, on packets with
 * IPv4 options, fragments, VLAN tags (one and two), IPv6 extension headers (each kind, four, five,
 * a non-first fragment), ICMP, SCTP, ARP and an unknown EtherType, each truncated at every length
 * from 0 bytes to a few bytes past the end of its L4 header. The kernel must agree with the
 * interpreter on every one.
 */
@KernelAvailable
class MalformedSweepTest {
    static Map<String, Frame> bases() {
        Map<String, Frame> m = new LinkedHashMap<>();
        Frame tcp = Differ.frame("tcp 203.0.113.9:1234 -> 10.0.0.100:80 flags syn payload 4");
        m.put("tcp", tcp);
        m.put("tcp-vip", Differ.frame("tcp 198.51.100.7:40000 -> 10.0.0.100:443 flags syn,ack payload 4"));
        m.put("udp-vlan", Differ.frame("udp 10.1.3.4:5000 -> 192.0.2.53:53 vlan 66 payload 4"));
        m.put(
                "udp-qinq",
                Frames.outerTag(Differ.frame("udp 10.2.3.4:53 -> 192.0.2.1:9999 vlan 66 payload 4"), 0x88a8, 7));
        m.put(
                "three-tags",
                Frames.outerTag(
                        Frames.outerTag(Differ.frame("udp 10.2.3.4:53 -> 192.0.2.1:9999 vlan 66"), 0x8100, 5),
                        0x88a8,
                        6));
        m.put("ipv4-options-1", Frames.ipv4Options(tcp, 1));
        m.put(
                "ipv4-options-10",
                Frames.ipv4Options(Differ.frame("udp 192.0.2.100:5000 -> 192.0.2.1:53 payload 2"), 10));
        m.put("frag-first", Differ.frame("udp 198.51.100.20:53 -> 192.0.2.1:53 frag first payload 8"));
        m.put("frag-later", Differ.frame("udp 198.51.100.20:53 -> 192.0.2.1:53 frag later payload 8"));
        m.put("frag-later-tcp", Differ.frame("tcp 192.0.2.7:40000 -> 192.0.2.100:80 frag later payload 8"));
        m.put("icmp", Differ.frame("icmp 192.0.2.7 -> 192.0.2.100 type 8 code 0 payload 4"));
        m.put("icmp6", Differ.frame("icmp6 [2001:db8::1] -> [2001:db8::2] type 128 code 0"));
        m.put("sctp", Differ.frame("sctp 192.0.2.7:5000 -> 192.0.2.100:80 payload 4"));
        m.put("sctp6", Differ.frame("sctp [2001:db8::7]:5000 -> [2001:db8::2]:80"));
        Frame tcp6 = Differ.frame("tcp [2001:db8:bad::5]:443 -> [2001:db8::1]:53 flags syn");
        m.put("tcp6", tcp6);
        Frame udp6 = Differ.frame("udp [2001:db8::1]:5000 -> [2001:db8::2]:20000 payload 2");
        m.put("ext-hop", Frames.ipv6Extensions(udp6, 0, false, 0));
        m.put("ext-routing", Frames.ipv6Extensions(tcp6, 0, false, 43));
        m.put("ext-dst", Frames.ipv6Extensions(udp6, 0, false, 60));
        m.put("ext-frag-atomic", Frames.ipv6Extensions(tcp6, 0, false, 44));
        m.put("ext-frag-first", Frames.ipv6Extensions(udp6, 0, true, 44));
        m.put("ext-frag-later", Frames.ipv6Extensions(udp6, 100, false, 0, 44));
        m.put("ext-four", Frames.ipv6Extensions(tcp6, 0, false, 0, 43, 60, 44));
        m.put("ext-five", Frames.ipv6Extensions(tcp6, 0, false, 0, 43, 60, 60, 44));
        m.put("ipv6-proto", Differ.frame("ip proto 99 [2001:db8::1] -> [2001:db8::2] payload 4"));
        m.put("arp", Differ.frame("arp"));
        m.put("eth-type", Differ.frame("eth type 0x1234 payload 8"));
        m.put("mac", Differ.frame("eth 02:00:00:00:00:09 -> ff:ff:ff:ff:ff:ff udp 192.0.2.1:68 -> 192.0.2.255:67"));
        return m;
    }

    @Test
    void everyExampleAgreesOnEveryTruncation() throws Exception {
        Map<String, Frame> bases = bases();
        List<String> problems = new ArrayList<>();
        long runs = 0, packets = 0;
        for (CheckedPolicy p : KernelPcapSweepTest.examples()) {
            try (Differ d = new Differ(p)) {
                for (Map.Entry<String, Frame> b : bases.entrySet()) {
                    Frame f = b.getValue();
                    int end = Math.min(f.length(), l4End(f) + 4);
                    for (int n = 0; n <= end; n++) {
                        d.runAll(Frames.truncate(f, n), b.getKey() + "/" + n);
                        packets++;
                    }
                }
                runs += d.runs;
                if (!d.problems.isEmpty()) problems.add(d.report());
            }
        }
        System.out.println("malformed sweep: " + packets + " truncated packets, " + runs + " kernel runs compared");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(runs > 5_000, "compared " + runs);
    }

    /** Where the L4 header of a base frame ends (generous: the frame's length minus its payload is unknown). */
    static int l4End(Frame f) {
        byte[] b = f.bytes();
        int l3 = Differ.l3(b);
        if (l3 < 0 || l3 + 1 > b.length) return b.length;
        int v = (b[l3] & 0xff) >>> 4;
        if (v == 4) return Math.min(b.length, l3 + (b[l3] & 0x0f) * 4 + 20);
        if (v == 6) return Math.min(b.length, l3 + 40 + 5 * 8 + 20);
        return b.length;
    }
}
