package dev.routec.compiler.packet;

import static dev.routec.compiler.packet.Specs.ip;
import static dev.routec.compiler.packet.Specs.spec;
import static dev.routec.compiler.packet.Specs.tcp;
import static dev.routec.compiler.packet.Specs.udp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.PortProto;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expected bytes were computed by an independent script (struct packing, RFC checksums, bitwise CRC32c). */
class PacketBuilderTest {
    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void tcpOverIpv4() {
        assertArrayEquals(
                hex(
                        "0200000000020200000000010800450000280000000040068e94c0000201c633640704d2005000000000000000005002ffffbe840000"),
                spec(tcp("192.0.2.1", 1234, "198.51.100.7", 80, TcpFlag.SYN)).bytes());
    }

    @Test
    void udpOverIpv6WithVlanAndDscp() {
        assertArrayEquals(
                hex(
                        "0200000000020200000000018100006486dd6b800000000c114020010db800000000000000000000000120010db80000000000"
                                + "0000000000000214e90035000c8f4300000000"),
                spec(udp("2001:db8::1", 5353, "2001:db8::2", 53))
                        .vlan(100)
                        .dscp(46)
                        .payload(4)
                        .bytes());
    }

    @Test
    void icmpFirstFragment() {
        assertArrayEquals(
                hex("02000000000202000000000108004500001c00002000010185df0a0000010a0000020301fcfe00000000"),
                spec(new IcmpL3(false, ip("10.0.0.1"), ip("10.0.0.2"), 3, 1))
                        .ttl(1)
                        .frag(Frag.FIRST)
                        .bytes());
    }

    @Test
    void laterIpv6FragmentHasFragmentHeaderAndNoL4Header() {
        assertArrayEquals(
                hex("02000000000202000000000186dd6000000000102c40" + "20010db8000000000000000000000001"
                        + "20010db8000000000000000000000002" + "3a0005c800000000" + "0000000000000000"),
                spec(new IcmpL3(true, ip("2001:db8::1"), ip("2001:db8::2"), 128, 0))
                        .frag(Frag.LATER)
                        .payload(8)
                        .bytes());
    }

    @Test
    void laterIpv4FragmentOffsetIs185() {
        byte[] f = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2))
                .frag(Frag.LATER)
                .payload(3)
                .bytes();
        assertEquals(14 + 20 + 3, f.length);
        assertEquals(185, Wire.u16(f, 14 + 6));
        assertEquals(23, Wire.u16(f, 14 + 2));
    }

    @Test
    void sctp() {
        assertArrayEquals(
                hex("0200000000020200000000010800450000200000000040848e1ec0000201c63364078e3c0b59000000001855b021"),
                spec(Specs.sctp("192.0.2.1", 36412, "198.51.100.7", 2905)).bytes());
    }

    @Test
    void arpRequest() {
        assertArrayEquals(
                hex("02000000000202000000000108060001080006040001020000000001c0000201000000000000c0000202"),
                spec(new ArpL3()).bytes());
    }

    @Test
    void ethTypeIsPayloadOnly() {
        assertArrayEquals(
                hex("020000000002020000000001" + "88b5" + "000000"),
                spec(new EthTypeL3(0x88b5)).payload(3).bytes());
    }

    @Test
    void destinationMacComesFirst() {
        byte[] f =
                spec(new ArpL3()).eth("aa:bb:cc:dd:ee:01", "11:22:33:44:55:66").bytes();
        assertArrayEquals(hex("112233445566aabbccddee01"), Arrays.copyOf(f, 12));
    }

    @Test
    void ipProtoWritesNoL4Header() {
        byte[] f = spec(new IpL3(47, ip("10.0.0.1"), ip("10.0.0.2"))).payload(5).bytes();
        assertEquals(14 + 20 + 5, f.length);
        assertEquals(47, f[14 + 9]);
    }

    @Test
    void lenTruncatesOrPadsWithoutTouchingIpLengths() {
        byte[] natural = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).payload(10).bytes();
        byte[] cut = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).payload(10).len(40).bytes();
        assertArrayEquals(Arrays.copyOf(natural, 40), cut);
        byte[] padded =
                spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).payload(10).len(100).bytes();
        assertArrayEquals(Arrays.copyOf(natural, 100), padded);
        assertEquals(50, Wire.u16(padded, 16));
    }

    @Test
    void frameCarriesMetadata() {
        Frame f = PacketBuilder.build(
                spec(new ArpL3()).iif("lan0").mark(0xffffffffL).get());
        assertEquals("lan0", f.iif());
        assertEquals(0xffffffffL, f.mark());
    }

    @Test
    void naturalLengths() {
        assertEquals(
                54,
                PacketBuilder.naturalLength(
                        spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).get()));
        assertEquals(
                14 + 4 + 40 + 8 + 8 + 7,
                PacketBuilder.naturalLength(spec(udp("::1", 1, "::2", 2))
                        .vlan(1)
                        .frag(Frag.FIRST)
                        .payload(7)
                        .get()));
        assertEquals(42, PacketBuilder.naturalLength(spec(new ArpL3()).get()));
    }

    @Test
    void rejectsMismatchedFamiliesAndOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> spec(tcp("10.0.0.1", 1, "::2", 2))
                .bytes());
        assertThrows(
                IllegalArgumentException.class, () -> spec(new IcmpL3(true, ip("10.0.0.1"), ip("10.0.0.2"), 128, 0))
                        .bytes());
        assertThrows(IllegalArgumentException.class, () -> spec(new IcmpL3(false, ip("::1"), ip("::2"), 8, 0))
                .bytes());
        assertThrows(IllegalArgumentException.class, () -> spec(new IpL3(1, ip("::1"), ip("10.0.0.1")))
                .bytes());
        assertThrows(IllegalArgumentException.class, () -> spec(tcp("10.0.0.1", 70000, "10.0.0.2", 2))
                .bytes());
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(new ArpL3()).vlan(4096).bytes());
        assertThrows(
                IllegalArgumentException.class, () -> spec(new ArpL3()).dscp(64).bytes());
        assertThrows(
                IllegalArgumentException.class, () -> spec(new ArpL3()).ttl(256).bytes());
        assertThrows(IllegalArgumentException.class, () -> spec(new EthTypeL3(0x10000))
                .bytes());
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).payload(65500).bytes());
        assertThrows(IllegalArgumentException.class, () -> spec(new PortL3(
                        PortProto.UDP, ip("10.0.0.1"), 1, ip("10.0.0.2"), 2, Set.of(TcpFlag.SYN)))
                .bytes());
    }

    @Test
    void largestDatagramsBuild() {
        assertEquals(
                14 + 65535,
                spec(new IpL3(47, ip("10.0.0.1"), ip("10.0.0.2")))
                        .payload(65515)
                        .bytes()
                        .length);
        assertEquals(
                14 + 40 + 65535,
                spec(new IpL3(47, ip("::1"), ip("::2"))).payload(65535).bytes().length);
    }

    @Test
    void everyGeneratedSpecBuildsToItsLength() {
        qt().withFixedSeed(42)
                .withExamples(5000)
                .forAll(PacketSpecGen.any())
                .checkAssert(s -> assertEquals(
                        s.len().isPresent() ? s.len().getAsInt() : PacketBuilder.naturalLength(s),
                        PacketBuilder.build(s).length()));
    }

    @Test
    void framesAreImmutable() {
        byte[] b = {1, 2, 3};
        Frame f = Frame.of(b);
        b[0] = 9;
        f.bytes()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, f.bytes());
        assertEquals(Frame.of(new byte[] {1, 2, 3}), f);
    }
}
