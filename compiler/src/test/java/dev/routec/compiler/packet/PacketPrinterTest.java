package dev.routec.compiler.packet;

import static dev.routec.compiler.packet.Specs.ip;
import static dev.routec.compiler.packet.Specs.spec;
import static dev.routec.compiler.packet.Specs.tcp;
import static dev.routec.compiler.packet.Specs.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import org.junit.jupiter.api.Test;

class PacketPrinterTest {
    static String print(Specs s) {
        return PacketPrinter.print(s.get());
    }

    @Test
    void defaultsAreOmitted() {
        assertEquals("tcp 10.0.0.1:1234 -> 10.0.0.100:80", print(spec(tcp("10.0.0.1", 1234, "10.0.0.100", 80))));
        assertEquals("arp", print(spec(new ArpL3())));
        assertEquals("icmp 10.0.0.1 -> 10.0.0.2", print(spec(new IcmpL3(false, ip("10.0.0.1"), ip("10.0.0.2"), 8, 0))));
        assertEquals("icmp6 2001:db8::1 -> ::1", print(spec(new IcmpL3(true, ip("2001:db8::1"), ip("::1"), 128, 0))));
    }

    @Test
    void ipv6IsBracketedOnlyWithAPort() {
        assertEquals(
                "udp [2001:db8::1]:443 -> [::ffff:192.0.2.1]:53",
                print(spec(udp("2001:db8::1", 443, "::ffff:192.0.2.1", 53))));
        assertEquals(
                "ip proto 47 2001:db8::1 -> 2001:db8::2",
                print(spec(new IpL3(47, ip("2001:db8::1"), ip("2001:db8::2")))));
    }

    @Test
    void flagsInCanonicalOrder() {
        assertEquals(
                "tcp 10.0.0.1:1 -> 10.0.0.2:2 flags fin,syn,rst,psh,ack,urg,ece,cwr",
                print(spec(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpFlag.values()))));
        assertEquals(
                "tcp 10.0.0.1:1 -> 10.0.0.2:2 flags syn,ack",
                print(spec(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpFlag.ACK, TcpFlag.SYN))));
    }

    @Test
    void icmpTypeAndCodeTogetherWhenEitherDiffers() {
        assertEquals(
                "icmp 10.0.0.1 -> 10.0.0.2 type 8 code 1",
                print(spec(new IcmpL3(false, ip("10.0.0.1"), ip("10.0.0.2"), 8, 1))));
        assertEquals(
                "icmp 10.0.0.1 -> 10.0.0.2 type 0 code 0",
                print(spec(new IcmpL3(false, ip("10.0.0.1"), ip("10.0.0.2"), 0, 0))));
        assertEquals("icmp6 ::1 -> ::2 type 8 code 0", print(spec(new IcmpL3(true, ip("::1"), ip("::2"), 8, 0))));
    }

    @Test
    void ethTypeInFourHexDigits() {
        assertEquals("eth type 0x0806", print(spec(new EthTypeL3(0x806))));
        assertEquals(
                "eth type 0x88b5 payload 3", print(spec(new EthTypeL3(0x88b5)).payload(3)));
    }

    @Test
    void everyOptionInOrder() {
        assertEquals(
                "eth 02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff tcp 10.0.0.1:1 -> 10.0.0.2:2 flags syn iif \"lan0\" vlan 7 ttl 1"
                        + " dscp 46 len 60 mark 4294967295 frag first payload 100",
                print(spec(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpFlag.SYN))
                        .payload(100)
                        .frag(Frag.FIRST)
                        .mark(0xffffffffL)
                        .len(60)
                        .dscp(46)
                        .ttl(1)
                        .vlan(7)
                        .iif("lan0")
                        .eth("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff")));
    }

    @Test
    void ethPartWhenOnlyOneMacDiffers() {
        assertEquals(
                "eth 0a:00:00:00:00:01 -> 02:00:00:00:00:02 arp vlan 0",
                print(spec(new ArpL3()).vlan(0).eth("0a:00:00:00:00:01", "02:00:00:00:00:02")));
    }
}
