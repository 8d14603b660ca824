package dev.routec.compiler.packet;

import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.L3;
import dev.routec.compiler.packet.PacketSpec.PortL3;

/** Wire constants and the header layout of a {@link PacketSpec}, shared by builder, dissector and normaliser. */
final class Wire {
    private Wire() {}

    static final int ETH_HEADER = 14;
    static final int VLAN_TAG = 4;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int IPV6_FRAG_HEADER = 8;
    static final int ARP_BODY = 28;

    static final int ETH_IPV4 = 0x0800;
    static final int ETH_IPV6 = 0x86dd;
    static final int ETH_ARP = 0x0806;
    static final int ETH_VLAN = 0x8100;
    static final int ETH_QINQ = 0x88a8;

    static final int PROTO_ICMP = 1;
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_ICMP6 = 58;
    static final int PROTO_SCTP = 132;
    static final int PROTO_HOPOPTS = 0;
    static final int PROTO_ROUTING = 43;
    static final int PROTO_FRAGMENT = 44;
    static final int PROTO_DSTOPTS = 60;

    /** Fragment offset (in 8-byte units) that {@code frag later} writes: 185 * 8 = 1480 bytes. */
    static final int LATER_OFFSET = 185;

    static boolean isVlanTpid(int ethType) {
        return ethType == ETH_VLAN || ethType == ETH_QINQ;
    }

    /** The four IPv6 extension headers that parsers skip (LANGUAGE.md §4). */
    static boolean isIpv6Extension(int nextHeader) {
        return nextHeader == PROTO_HOPOPTS
                || nextHeader == PROTO_ROUTING
                || nextHeader == PROTO_FRAGMENT
                || nextHeader == PROTO_DSTOPTS;
    }

    /** Length of the L4 header the notation writes for {@code proto} in that family; 0 when it has none. */
    static int l4HeaderLength(int proto, boolean v6) {
        return switch (proto) {
            case PROTO_TCP -> 20;
            case PROTO_UDP -> 8;
            case PROTO_SCTP -> 12;
            case PROTO_ICMP -> v6 ? 0 : 8;
            case PROTO_ICMP6 -> v6 ? 8 : 0;
            default -> 0;
        };
    }

    /** Whether the L3 part is an IP form (tcp, udp, sctp, icmp, icmp6, ip proto). */
    static boolean isIp(L3 l3) {
        return !(l3 instanceof ArpL3) && !(l3 instanceof EthTypeL3);
    }

    /** IP family of an IP form (by its source address; icmp/icmp6 by keyword). */
    static boolean isV6(L3 l3) {
        return switch (l3) {
            case PortL3 p -> !p.src().isV4();
            case IcmpL3 i -> i.v6();
            case IpL3 i -> !i.src().isV4();
            case ArpL3 a -> false;
            case EthTypeL3 e -> false;
        };
    }

    /** The IP protocol number of an IP form. */
    static int ipProto(L3 l3) {
        return switch (l3) {
            case PortL3 p -> p.proto().number;
            case IcmpL3 i -> i.v6() ? PROTO_ICMP6 : PROTO_ICMP;
            case IpL3 i -> i.proto();
            case ArpL3 a -> throw new IllegalArgumentException("arp has no IP protocol");
            case EthTypeL3 e -> throw new IllegalArgumentException("eth type has no IP protocol");
        };
    }

    static int ethType(L3 l3) {
        return switch (l3) {
            case ArpL3 a -> ETH_ARP;
            case EthTypeL3 e -> e.ethType();
            default -> isV6(l3) ? ETH_IPV6 : ETH_IPV4;
        };
    }

    /** Bytes of L4 header written for this L3 form: none for {@code ip proto} and for non-first fragments. */
    static int l4HeaderLength(L3 l3, Frag frag) {
        if (frag == Frag.LATER) return 0;
        return switch (l3) {
            case PortL3 p -> l4HeaderLength(p.proto().number, !p.src().isV4());
            case IcmpL3 i -> 8;
            default -> 0;
        };
    }

    static int ethHeaderLength(PacketSpec s) {
        return ETH_HEADER + (s.vlan().isPresent() ? VLAN_TAG : 0);
    }

    /** IP header length including the IPv6 fragment header the builder writes for fragments. */
    static int ipHeaderLength(PacketSpec s) {
        if (!isV6(s.l3())) return IPV4_HEADER;
        return IPV6_HEADER + (s.frag() == Frag.NONE ? 0 : IPV6_FRAG_HEADER);
    }

    /** The frame length {@link PacketBuilder} produces before {@code len} is applied. */
    static long naturalLength(PacketSpec s) {
        long eth = ethHeaderLength(s);
        return switch (s.l3()) {
            case ArpL3 a -> eth + ARP_BODY + s.payload();
            case EthTypeL3 e -> eth + s.payload();
            default -> eth + ipHeaderLength(s) + l4HeaderLength(s.l3(), s.frag()) + s.payload();
        };
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int i32(byte[] b, int off) {
        return (u16(b, off) << 16) | u16(b, off + 2);
    }

    static long u48(byte[] b, int off) {
        return ((long) u16(b, off) << 32) | (i32(b, off + 2) & 0xffffffffL);
    }

    static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xffffffffL);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }
}
