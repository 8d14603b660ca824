package dev.routec.compiler.packet;

import static dev.routec.compiler.packet.Specs.ip;
import static dev.routec.compiler.packet.Specs.spec;
import static dev.routec.compiler.packet.Specs.tcp;
import static dev.routec.compiler.packet.Specs.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import dev.routec.compiler.packet.PacketSpecGen.Form;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketDissectorTest {
    static PacketSpec roundTrip(PacketSpec s) {
        return PacketDissector.dissect(PacketBuilder.build(s));
    }

    static String dissect(byte[] frame) {
        return PacketPrinter.print(PacketDissector.dissect(Frame.of(frame)));
    }

    @Test
    void roundTripEqualsNormalisedSpec() {
        qt().withFixedSeed(20240601L)
                .withExamples(30000)
                .forAll(PacketSpecGen.any())
                .checkAssert(s -> assertEquals(
                        PacketPrinter.print(PacketNormaliser.normalise(s)) + " / " + PacketNormaliser.normalise(s),
                        PacketPrinter.print(roundTrip(s)) + " / " + roundTrip(s)));
    }

    @Test
    void plainSpecsRoundTripUnchanged() {
        qt().withFixedSeed(7)
                .withExamples(5000)
                .forAll(PacketSpecGen.plain(Form.TCP, Form.UDP, Form.SCTP, Form.ICMP, Form.ICMP6, Form.ARP))
                .checkAssert(s -> assertEquals(s, roundTrip(s)));
    }

    @Test
    void normaliseIsIdempotent() {
        qt().withFixedSeed(11).withExamples(20000).forAll(PacketSpecGen.any()).checkAssert(s -> {
            PacketSpec n = PacketNormaliser.normalise(s);
            assertEquals(n, PacketNormaliser.normalise(n), PacketPrinter.print(s));
        });
    }

    @Test
    void everyOptionSurvives() {
        PacketSpec s = spec(tcp("2001:db8::1", 1, "2001:db8::2", 2, TcpFlag.SYN, TcpFlag.CWR))
                .eth("0a:0b:0c:0d:0e:0f", "ff:ff:ff:ff:ff:ff")
                .iif("lan0")
                .vlan(4095)
                .ttl(0)
                .dscp(63)
                .len(200)
                .mark(7)
                .frag(Frag.FIRST)
                .payload(30)
                .get();
        assertEquals(s, roundTrip(s));
    }

    @Test
    void laterFragmentsLosePortsAndType() {
        assertEquals(
                spec(new IpL3(6, ip("10.0.0.1"), ip("10.0.0.2")))
                        .frag(Frag.LATER)
                        .payload(4)
                        .get(),
                roundTrip(spec(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpFlag.SYN))
                        .frag(Frag.LATER)
                        .payload(4)
                        .get()));
        assertEquals(
                spec(new IpL3(58, ip("::1"), ip("::2"))).frag(Frag.LATER).get(),
                roundTrip(spec(new IcmpL3(true, ip("::1"), ip("::2"), 1, 4))
                        .frag(Frag.LATER)
                        .get()));
    }

    @Test
    void ipProtoWithAWholeHeaderReadsAsThatProtocol() {
        assertEquals(
                "udp 10.0.0.1:0 -> 10.0.0.2:0 payload 2",
                PacketPrinter.print(roundTrip(spec(new IpL3(17, ip("10.0.0.1"), ip("10.0.0.2")))
                        .payload(10)
                        .get())));
        assertEquals(
                "ip proto 17 10.0.0.1 -> 10.0.0.2 payload 7",
                PacketPrinter.print(roundTrip(spec(new IpL3(17, ip("10.0.0.1"), ip("10.0.0.2")))
                        .payload(7)
                        .get())));
        assertEquals(
                "icmp6 ::1 -> ::2 type 0 code 0",
                PacketPrinter.print(roundTrip(
                        spec(new IpL3(58, ip("::1"), ip("::2"))).payload(8).get())));
    }

    @Test
    void truncationDegradesLayerByLayer() {
        Specs s = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).payload(6);
        assertEquals(
                "tcp 10.0.0.1:1 -> 10.0.0.2:2 len 55 payload 6",
                PacketPrinter.print(roundTrip(s.len(55).get())));
        assertEquals(
                "ip proto 6 10.0.0.1 -> 10.0.0.2 len 53 payload 26",
                PacketPrinter.print(roundTrip(s.len(53).get())));
        assertEquals(
                "eth type 0x0800 payload 19",
                PacketPrinter.print(roundTrip(s.len(33).get())));
        assertEquals(
                "eth 00:00:00:00:00:00 -> 00:00:00:00:00:00 eth type 0x0000 len 0",
                PacketPrinter.print(roundTrip(s.len(0).get())));
        assertEquals(
                "eth 00:00:00:00:00:00 -> 02:00:00:00:00:00 eth type 0x0000 len 5",
                PacketPrinter.print(roundTrip(s.len(5).get())));
        assertEquals(
                "eth type 0x0800 len 13",
                PacketPrinter.print(roundTrip(s.len(13).get())));
        assertEquals(
                "eth type 0x8100 payload 2",
                PacketPrinter.print(roundTrip(s.vlan(9).len(16).get())));
    }

    @Test
    void shortFramesBuildBackExactly() {
        for (int n = 0; n < 14; n++) {
            byte[] f = new byte[n];
            for (int i = 0; i < n; i++) f[i] = (byte) (0x81 + i);
            assertEquals(Frame.of(f), PacketBuilder.build(PacketDissector.dissect(Frame.of(f))));
        }
    }

    @Test
    void nonIpFrames() {
        assertEquals("arp", PacketPrinter.print(roundTrip(spec(new ArpL3()).get())));
        assertEquals(
                "arp payload 18",
                PacketPrinter.print(roundTrip(spec(new ArpL3()).len(60).get())));
        assertEquals(
                "eth type 0x0806 payload 27",
                PacketPrinter.print(roundTrip(spec(new ArpL3()).len(41).get())));
        assertEquals(
                "eth type 0x0000 vlan 0 payload 6",
                PacketPrinter.print(
                        roundTrip(spec(new EthTypeL3(0x88a8)).payload(10).get())));
        byte[] reply = spec(new ArpL3()).bytes();
        reply[14 + 7] = 2;
        assertEquals("eth type 0x0806 payload 28", dissect(reply));
    }

    @Test
    void ipv4OptionsAndTrailerAreCountedInLen() {
        byte[] plain = spec(udp("10.0.0.1", 1, "10.0.0.2", 2)).payload(3).bytes();
        byte[] withOptions = new byte[plain.length + 4 + 7];
        System.arraycopy(plain, 0, withOptions, 0, 34);
        System.arraycopy(plain, 34, withOptions, 38, plain.length - 34);
        withOptions[14] = 0x46;
        Wire.put16(withOptions, 16, 24 + 8 + 3);
        assertEquals("udp 10.0.0.1:1 -> 10.0.0.2:2 len 56 payload 3", dissect(withOptions));
    }

    @Test
    void ipv6ExtensionHeadersAreSkipped() {
        // MLD report behind a hop-by-hop router-alert option, as in real captures
        byte[] f = HexFormat.of()
                .parseHex("333300000016020000000001" + "86dd" + "6000000000240001"
                        + "fe800000000000000000000000000001" + "ff020000000000000000000000000016"
                        + "3a000502000001008f00000000000001" + "04000000ff0200000000000000000001ff000001");
        assertEquals(
                "eth 02:00:00:00:00:01 -> 33:33:00:00:00:16 icmp6 fe80::1 -> ff02::16 type 143 code 0 ttl 1 len 90"
                        + " payload 20",
                dissect(f));
    }

    @Test
    void ipv6WithUnwalkableChainIsIpProtoOfTheFixedHeader() {
        PacketSpec s = spec(new IpL3(0, ip("::1"), ip("::2"))).payload(48).get();
        assertEquals(s, roundTrip(s));
        assertEquals(s, PacketNormaliser.normalise(s));
        assertEquals(
                spec(new IpL3(44, ip("::1"), ip("::2"))).payload(8 + 48).get(),
                roundTrip(spec(new IpL3(60, ip("::1"), ip("::2")))
                        .payload(48)
                        .frag(Frag.FIRST)
                        .get()));
    }

    @Test
    void qinqReadsTheOuterVlanAndTheInnerPacket() {
        byte[] single = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).vlan(100).bytes();
        byte[] f = new byte[single.length + 4];
        System.arraycopy(single, 0, f, 0, 12);
        Wire.put16(f, 12, 0x88a8);
        Wire.put16(f, 14, 100);
        Wire.put16(f, 16, 0x8100);
        Wire.put16(f, 18, 200);
        System.arraycopy(single, 16, f, 20, single.length - 16);
        assertEquals("tcp 10.0.0.1:1 -> 10.0.0.2:2 vlan 100 len 62", dissect(f));
    }

    @Test
    void ethernetPaddingIsATrailer() {
        byte[] f = Arrays.copyOf(
                spec(new IcmpL3(false, ip("10.0.0.1"), ip("10.0.0.2"), 0, 0)).bytes(), 60);
        assertEquals("icmp 10.0.0.1 -> 10.0.0.2 type 0 code 0 len 60", dissect(f));
    }

    @Test
    void metadataIsKept() {
        Frame f = new Frame(new byte[3], "wan0", 99);
        PacketSpec s = PacketDissector.dissect(f);
        assertEquals("wan0", s.iif());
        assertEquals(99, s.mark());
    }
}
