package dev.routec.compiler.packet;

import static dev.routec.compiler.packet.Specs.ip;
import static dev.routec.compiler.packet.Specs.spec;
import static dev.routec.compiler.packet.Specs.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.Arrays;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PacketViewTest {
    static PacketView view(byte[] f) {
        return PacketView.parse(f, "test0", 0);
    }

    @Test
    void everyFieldOfATcpIpv4Packet() {
        byte[] f = spec(tcp("10.0.0.1", 1234, "10.0.0.100", 80, TcpFlag.SYN, TcpFlag.ECE))
                .eth("0a:00:00:00:00:01", "0a:00:00:00:00:02")
                .vlan(300)
                .ttl(17)
                .dscp(46)
                .payload(5)
                .bytes();
        PacketView v = PacketView.of(new Frame(f, "lan0", 42));
        assertEquals(f.length, v.len());
        assertEquals("lan0", v.iif());
        assertEquals(42, v.mark());
        assertEquals(MacAddr.parse("0a:00:00:00:00:01").orElseThrow(), v.ethSrc());
        assertEquals(MacAddr.parse("0a:00:00:00:00:02").orElseThrow(), v.ethDst());
        assertEquals(0x0800, v.ethType());
        assertEquals(300, v.vlanId());
        assertEquals(1, v.vlanTags());
        assertEquals(18, v.l3Offset());
        assertTrue(v.ipv4() && v.tcp() && !v.ipv6() && !v.udp() && !v.icmp() && !v.icmp6() && !v.sctp() && !v.arp());
        assertEquals(ip("10.0.0.1"), v.src());
        assertEquals(ip("10.0.0.100"), v.dst());
        assertEquals(0x0a000001, v.srcV4());
        assertEquals(0x0a000064, v.dstV4());
        assertEquals(17, v.ipTtl());
        assertEquals(6, v.ipProto());
        assertEquals(6, v.proto());
        assertEquals(46, v.ipDscp());
        assertEquals(45, v.ipLen());
        assertFalse(v.ipFrag());
        assertEquals(1234, v.sport());
        assertEquals(80, v.dport());
        assertEquals(TcpFlag.SYN.bit | TcpFlag.ECE.bit, v.tcpFlags());
        assertTrue(v.tcpFlag(TcpFlag.SYN));
        assertFalse(v.tcpFlag(TcpFlag.ACK));
        assertEquals(38, v.l4Offset());
        assertFalse(v.hasIcmp());
        assertThrows(NoSuchElementException.class, v::ip6HopLimit);
        assertThrows(NoSuchElementException.class, v::icmpType);
    }

    @Test
    void ipv6Fields() {
        byte[] f = spec(Specs.udp("2001:db8::1", 53, "2001:db8::2", 5353))
                .ttl(3)
                .dscp(10)
                .payload(2)
                .bytes();
        Wire.put32(f, 14, Wire.i32(f, 14) | 0xabcde); // flow label
        PacketView v = view(f);
        assertTrue(v.ipv6() && v.udp() && !v.ipv4());
        assertEquals(ip("2001:db8::1"), v.src());
        assertEquals(ip("2001:db8::2"), v.dst());
        assertEquals(3, v.ip6HopLimit());
        assertEquals(17, v.ip6NextHeader());
        assertEquals(0xabcde, v.ip6FlowLabel());
        assertEquals(40, v.trafficClass());
        assertEquals(53, v.sport());
        assertEquals(5353, v.dport());
        assertFalse(v.hasTcpFlags());
        assertThrows(NoSuchElementException.class, v::ipTtl);
        assertThrows(NoSuchElementException.class, v::srcV4);
    }

    @Test
    void icmpNeedsTheEightByteHeaderAndTheRightFamily() {
        byte[] f = spec(new IcmpL3(false, ip("10.0.0.1"), ip("10.0.0.2"), 3, 4)).bytes();
        PacketView v = view(f);
        assertTrue(v.icmp() && v.hasIcmp());
        assertEquals(3, v.icmpType());
        assertEquals(4, v.icmpCode());
        PacketView cut = view(Arrays.copyOf(f, f.length - 1));
        assertTrue(cut.icmp());
        assertFalse(cut.hasIcmp());
        PacketView v6 =
                view(spec(new IcmpL3(true, ip("::1"), ip("::2"), 135, 0)).bytes());
        assertTrue(v6.icmp6() && !v6.icmp() && v6.hasIcmp());
        assertEquals(135, v6.icmpType());
        PacketView wrongFamily4 = view(
                spec(new IpL3(58, ip("10.0.0.1"), ip("10.0.0.2"))).payload(8).bytes());
        assertFalse(wrongFamily4.icmp() || wrongFamily4.icmp6() || wrongFamily4.hasIcmp());
        PacketView wrongFamily6 =
                view(spec(new IpL3(1, ip("::1"), ip("::2"))).payload(8).bytes());
        assertFalse(wrongFamily6.icmp() || wrongFamily6.icmp6() || wrongFamily6.hasIcmp());
    }

    @Test
    void sctpPortsNeedTwelveBytes() {
        byte[] f = spec(Specs.sctp("10.0.0.1", 9, "10.0.0.2", 10)).bytes();
        assertEquals(9, view(f).sport());
        assertTrue(view(Arrays.copyOf(f, f.length - 1)).sctp());
        assertFalse(view(Arrays.copyOf(f, f.length - 1)).hasPorts());
    }

    @Test
    void arpAndOtherEtherTypes() {
        PacketView arp = view(spec(new ArpL3()).bytes());
        assertTrue(arp.arp());
        assertFalse(arp.ipv4() || arp.hasProto() || arp.hasIp());
        assertThrows(NoSuchElementException.class, arp::src);
        PacketView other = view(spec(new EthTypeL3(0x88cc)).payload(50).bytes());
        assertEquals(0x88cc, other.ethType());
        assertFalse(other.arp() || other.ipv4() || other.ipv6() || other.tcp());
        assertTrue(view(spec(new EthTypeL3(0x0806)).bytes()).arp());
    }

    @Test
    void ipv4WithOptionsIsSkipped() {
        byte[] plain = spec(tcp("10.0.0.1", 7, "10.0.0.2", 8)).bytes();
        byte[] f = new byte[plain.length + 8];
        System.arraycopy(plain, 0, f, 0, 34);
        System.arraycopy(plain, 34, f, 42, 20);
        f[14] = 0x47;
        PacketView v = view(f);
        assertTrue(v.ipv4());
        assertEquals(28, v.ipHeaderLength());
        assertEquals(42, v.l4Offset());
        assertEquals(7, v.sport());
        assertFalse(view(Arrays.copyOf(f, 14 + 27)).ipv4());
        f[14] = 0x4c; // IHL 12: 48 bytes, exactly present in the 62-byte frame
        assertEquals(62, view(f).l4Offset());
        assertTrue(view(f).ipv4());
        assertFalse(view(f).hasPorts());
        f[14] = 0x4d; // IHL 13: one byte short
        assertFalse(view(f).ipv4());
        f[14] = 0x44;
        assertFalse(view(f).ipv4());
        f[14] = 0x65;
        assertFalse(view(f).ipv4());
        assertFalse(view(f).ipv6());
    }

    @Test
    void ipv4Fragments() {
        PacketView first =
                view(spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).frag(Frag.FIRST).bytes());
        assertTrue(first.ipFrag() && first.hasPorts() && first.fragment() && !first.nonFirstFragment());
        PacketView later = view(spec(new IpL3(6, ip("10.0.0.1"), ip("10.0.0.2")))
                .frag(Frag.LATER)
                .payload(40)
                .bytes());
        assertTrue(later.ipFrag() && later.tcp() && later.nonFirstFragment());
        assertEquals(6, later.proto());
        assertFalse(later.hasPorts() || later.hasTcpFlags() || later.hasL4());
        byte[] df = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).bytes();
        df[14 + 6] = 0x40; // DF alone is not a fragment
        assertFalse(view(df).ipFrag());
    }

    @Test
    void ipv6FragmentHeader() {
        PacketView first = view(spec(tcp("::1", 1, "::2", 2)).frag(Frag.FIRST).bytes());
        assertTrue(first.tcp() && first.hasPorts() && first.fragment());
        assertEquals(44, first.ip6NextHeader());
        assertEquals(14 + 48, first.l4Offset());
        PacketView later = view(spec(new IpL3(17, ip("::1"), ip("::2")))
                .frag(Frag.LATER)
                .payload(8)
                .bytes());
        assertTrue(later.udp() && later.nonFirstFragment());
        assertFalse(later.hasPorts());
        assertEquals(14 + 48, later.ipPayloadOffset());
    }

    /** An IPv6 TCP packet behind {@code types.length} extension headers of those types (then TCP). */
    static byte[] withExtensions(int... types) {
        byte[] base =
                spec(tcp("2001:db8::1", 1111, "2001:db8::2", 2222, TcpFlag.ACK)).bytes();
        int extBytes = 0;
        for (int t : types) extBytes += t == 60 ? 16 : 8;
        byte[] f = new byte[base.length + extBytes];
        System.arraycopy(base, 0, f, 0, 54);
        int pos = 54;
        int prev = 14 + 6;
        for (int t : types) {
            f[prev] = (byte) t;
            int size = t == 60 ? 16 : 8;
            if (t == 60) f[pos + 1] = 1;
            if (t == 44) f[pos + 3] = 1; // first fragment, M set
            prev = pos;
            pos += size;
        }
        f[prev] = 6;
        System.arraycopy(base, 54, f, pos, 20);
        Wire.put16(f, 14 + 4, extBytes + 20);
        return f;
    }

    @Test
    void upToFourExtensionHeadersAreSkipped() {
        int[][] chains = {{0}, {0, 43}, {0, 43, 44}, {0, 43, 44, 60}, {60, 60, 60, 60}, {44}};
        for (int[] chain : chains) {
            PacketView v = view(withExtensions(chain));
            assertTrue(v.tcp(), Arrays.toString(chain));
            assertEquals(1111, v.sport());
            assertEquals(2222, v.dport());
            assertTrue(v.tcpFlag(TcpFlag.ACK));
            assertEquals(chain[0], v.ip6NextHeader());
            assertEquals(v.len() - 20, v.l4Offset());
        }
    }

    @Test
    void aFifthExtensionHeaderMakesProtoAndL4Absent() {
        PacketView v = view(withExtensions(0, 43, 60, 60, 43));
        assertTrue(v.ipv6());
        assertEquals(ip("2001:db8::1"), v.src());
        assertFalse(v.hasProto() || v.tcp() || v.hasPorts() || v.hasTcpFlags() || v.hasL4());
        assertThrows(NoSuchElementException.class, v::proto);
    }

    @Test
    void aCutShortExtensionHeaderMakesProtoAbsent() {
        byte[] f = withExtensions(60);
        for (int n = 54; n < 54 + 16; n++) assertFalse(view(Arrays.copyOf(f, n)).hasProto(), "n=" + n);
        assertTrue(view(Arrays.copyOf(f, 54 + 16)).tcp());
        assertFalse(view(Arrays.copyOf(f, 54 + 16)).hasPorts());
    }

    @Test
    void vlanTags() {
        byte[] one = spec(tcp("10.0.0.1", 1, "10.0.0.2", 2)).vlan(4095).bytes();
        one[14] = (byte) 0xef; // PCP 7, DEI 0, VID 0xfff
        assertEquals(4095, view(one).vlanId());
        byte[] two = new byte[one.length + 4];
        System.arraycopy(one, 0, two, 0, 12);
        Wire.put16(two, 12, 0x88a8);
        Wire.put16(two, 14, 10);
        System.arraycopy(one, 12, two, 16, one.length - 12);
        PacketView v = view(two);
        assertEquals(10, v.vlanId());
        assertEquals(2, v.vlanTags());
        assertEquals(0x0800, v.ethType());
        assertEquals(22, v.l3Offset());
        assertEquals(1, v.sport());
        byte[] three = new byte[two.length + 4];
        System.arraycopy(two, 0, three, 0, 16);
        Wire.put16(three, 16, 0x8100);
        Wire.put16(three, 18, 20);
        System.arraycopy(two, 16, three, 20, two.length - 16);
        PacketView v3 = view(three);
        assertEquals(0x8100, v3.ethType());
        assertEquals(10, v3.vlanId());
        assertFalse(v3.ipv4());
        PacketView cut = view(Arrays.copyOf(one, 17));
        assertFalse(cut.hasVlan());
        assertEquals(0x8100, cut.ethType());
        assertEquals(14, cut.l3Offset());
    }

    @Test
    void truncationAtEveryLengthOfATcpPacket() {
        for (boolean v6 : new boolean[] {false, true}) {
            for (boolean tagged : new boolean[] {false, true}) {
                Specs s = v6
                        ? spec(tcp("2001:db8::1", 5, "2001:db8::2", 6, TcpFlag.FIN))
                        : spec(tcp("10.0.0.1", 5, "10.0.0.2", 6, TcpFlag.FIN));
                if (tagged) s.vlan(12);
                byte[] full = s.payload(3).bytes();
                for (int n = 0; n <= full.length; n++) checkTruncated(Arrays.copyOf(full, n), v6, tagged);
            }
        }
    }

    private static void checkTruncated(byte[] f, boolean v6, boolean tagged) {
        PacketView v = view(f);
        int n = f.length;
        int l3 = tagged ? 18 : 14;
        int l4 = l3 + (v6 ? 40 : 20);
        String at = "n=" + n + " v6=" + v6 + " tagged=" + tagged;
        assertEquals(n, v.len(), at);
        assertEquals(n >= 14, v.hasEth(), at);
        assertEquals(tagged && n >= 18, v.hasVlan(), at);
        if (tagged && n >= 18) assertEquals(12, v.vlanId(), at);
        assertEquals(!v6 && n >= l3 + 20, v.ipv4(), at);
        assertEquals(v6 && n >= l3 + 40, v.ipv6(), at);
        assertEquals(n >= l4, v.hasProto() && v.tcp(), at);
        assertEquals(n >= l4 + 20, v.hasPorts(), at);
        assertEquals(n >= l4 + 20, v.hasTcpFlags(), at);
        if (n >= l4) assertEquals(v6 ? ip("2001:db8::2") : ip("10.0.0.2"), v.dst(), at);
        if (n >= l4 + 20) {
            assertEquals(5, v.sport(), at);
            assertEquals(6, v.dport(), at);
            assertTrue(v.tcpFlag(TcpFlag.FIN), at);
        }
        assertFalse(v.hasIcmp() || v.arp() || v.udp(), at);
    }

    @Test
    void shortFramesHaveOnlyMetadata() {
        for (int n = 0; n < 14; n++) {
            PacketView v = PacketView.parse(new byte[n], "x", 5);
            assertFalse(v.hasEth() || v.hasVlan() || v.ipv4() || v.ipv6() || v.arp() || v.tcp() || v.hasProto());
            assertEquals(n, v.len());
            assertEquals(5, v.mark());
            assertThrows(NoSuchElementException.class, v::ethType);
        }
    }
}
