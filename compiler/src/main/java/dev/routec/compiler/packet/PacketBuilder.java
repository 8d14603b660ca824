package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.L3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.Arrays;

/**
 * Turns a {@link PacketSpec} into the bytes of an Ethernet frame.
 *
 * <p>Layout: Ethernet (destination MAC first), an optional 802.1Q tag (TPID 0x8100, PCP 0, VID = vlan), then
 *
 * <ul>
 *   <li>IPv4: IHL 5, TOS = dscp&lt;&lt;2 (ECN 0), id 0, DF clear; {@code frag first} sets MF with offset 0,
 *       {@code frag later} clears MF with offset 185 (1480 bytes); TTL; valid header checksum.
 *   <li>IPv6: traffic class = dscp&lt;&lt;2, flow label 0, hop limit = ttl; fragments carry a fragment header
 *       (44) with id 0 and the same first/later meaning.
 *   <li>TCP: seq/ack 0, data offset 5, the flags, window 65535; UDP: length; SCTP: common header, verification
 *       tag 0, no chunks; ICMP/ICMPv6: type, code, id/seq 0. Every L4 checksum is valid (over the fragment's
 *       own data for a first fragment). {@code ip proto N} writes no L4 header, and neither does {@code frag
 *       later}: its fragment data is the payload only, so ports, flags and ICMP type/code cannot be
 *       represented there (see {@link PacketNormaliser}).
 *   <li>ARP: a request from the source MAC, 192.0.2.1 asking for 192.0.2.2. {@code eth type N}: nothing.
 * </ul>
 *
 * then {@code payload} zero bytes. Finally {@code len}: shorter than the natural length truncates the frame,
 * longer appends zero bytes after the datagram (IP lengths unchanged). TTL, DSCP and fragment options are
 * ignored for arp and eth type.
 */
public final class PacketBuilder {
    private PacketBuilder() {}

    static final int ARP_SPA = 0xc0000201;
    static final int ARP_TPA = 0xc0000202;

    /** @throws IllegalArgumentException for a spec the checker rejects: mixed families or an out-of-range value */
    public static Frame build(PacketSpec s) {
        SpecValidator.validate(s);
        byte[] b = new byte[(int) Wire.naturalLength(s)];
        int off = writeEthernet(b, s);
        switch (s.l3()) {
            case ArpL3 a -> writeArp(b, off, s);
            case EthTypeL3 e -> {}
            default -> writeIp(b, off, s);
        }
        return new Frame(Arrays.copyOf(b, s.len().orElse(b.length)), s.iif(), s.mark());
    }

    /** The frame length the spec builds before {@code len} is applied. */
    public static long naturalLength(PacketSpec s) {
        return Wire.naturalLength(s);
    }

    private static int writeEthernet(byte[] b, PacketSpec s) {
        System.arraycopy(s.ethDst().bytes(), 0, b, 0, 6);
        System.arraycopy(s.ethSrc().bytes(), 0, b, 6, 6);
        int off = 12;
        if (s.vlan().isPresent()) {
            Wire.put16(b, off, Wire.ETH_VLAN);
            Wire.put16(b, off + 2, s.vlan().getAsInt());
            off += Wire.VLAN_TAG;
        }
        Wire.put16(b, off, Wire.ethType(s.l3()));
        return off + 2;
    }

    private static void writeArp(byte[] b, int off, PacketSpec s) {
        Wire.put16(b, off, 1);
        Wire.put16(b, off + 2, Wire.ETH_IPV4);
        b[off + 4] = 6;
        b[off + 5] = 4;
        Wire.put16(b, off + 6, 1);
        System.arraycopy(s.ethSrc().bytes(), 0, b, off + 8, 6);
        Wire.put32(b, off + 14, ARP_SPA);
        Wire.put32(b, off + 24, ARP_TPA);
    }

    private static void writeIp(byte[] b, int l3off, PacketSpec s) {
        L3 l3 = s.l3();
        boolean v6 = Wire.isV6(l3);
        int l4off = l3off + Wire.ipHeaderLength(s);
        int l4len = b.length - l4off;
        if (v6) writeIpv6(b, l3off, s, l4len);
        else writeIpv4(b, l3off, s, l4len);
        if (s.frag() != Frag.LATER) writeL4(b, l4off, l3);
        if (Wire.l4HeaderLength(l3, s.frag()) > 0) writeL4Checksum(b, l4off, l4len, l3);
        if (!v6) Wire.put16(b, l3off + 10, Checksums.internet(b, l3off, Wire.IPV4_HEADER));
    }

    private static void writeIpv4(byte[] b, int off, PacketSpec s, int l4len) {
        b[off] = 0x45;
        b[off + 1] = (byte) (s.dscp() << 2);
        Wire.put16(b, off + 2, Wire.IPV4_HEADER + l4len);
        int fragField =
                switch (s.frag()) {
                    case NONE -> 0;
                    case FIRST -> 0x2000;
                    case LATER -> Wire.LATER_OFFSET;
                };
        Wire.put16(b, off + 6, fragField);
        b[off + 8] = (byte) s.ttl();
        b[off + 9] = (byte) Wire.ipProto(s.l3());
        System.arraycopy(src(s.l3()).bytes(), 0, b, off + 12, 4);
        System.arraycopy(dst(s.l3()).bytes(), 0, b, off + 16, 4);
    }

    private static void writeIpv6(byte[] b, int off, PacketSpec s, int l4len) {
        Wire.put32(b, off, (6 << 28) | (s.dscp() << 22));
        boolean frag = s.frag() != Frag.NONE;
        Wire.put16(b, off + 4, l4len + (frag ? Wire.IPV6_FRAG_HEADER : 0));
        int proto = Wire.ipProto(s.l3());
        b[off + 6] = (byte) (frag ? Wire.PROTO_FRAGMENT : proto);
        b[off + 7] = (byte) s.ttl();
        System.arraycopy(src(s.l3()).bytes(), 0, b, off + 8, 16);
        System.arraycopy(dst(s.l3()).bytes(), 0, b, off + 24, 16);
        if (frag) {
            int fh = off + Wire.IPV6_HEADER;
            b[fh] = (byte) proto;
            Wire.put16(b, fh + 2, s.frag() == Frag.FIRST ? 1 : Wire.LATER_OFFSET << 3);
        }
    }

    private static void writeL4(byte[] b, int off, L3 l3) {
        switch (l3) {
            case PortL3 p -> {
                Wire.put16(b, off, p.sport());
                Wire.put16(b, off + 2, p.dport());
                switch (p.proto()) {
                    case TCP -> writeTcp(b, off, p);
                    case UDP -> Wire.put16(b, off + 4, b.length - off);
                    case SCTP -> {}
                }
            }
            case IcmpL3 i -> {
                b[off] = (byte) i.type();
                b[off + 1] = (byte) i.code();
            }
            default -> {}
        }
    }

    private static void writeTcp(byte[] b, int off, PortL3 p) {
        b[off + 12] = 0x50;
        int flags = 0;
        for (TcpFlag f : p.flags()) flags |= f.bit;
        b[off + 13] = (byte) flags;
        Wire.put16(b, off + 14, 0xffff);
    }

    private static void writeL4Checksum(byte[] b, int off, int len, L3 l3) {
        switch (l3) {
            case PortL3 p when p.proto() == PacketSpec.PortProto.SCTP -> Checksums.putSctpChecksum(b, off, len);
            case PortL3 p -> {
                int c = Checksums.l4(p.src(), p.dst(), p.proto().number, b, off, len);
                boolean udp = p.proto() == PacketSpec.PortProto.UDP;
                Wire.put16(b, off + (udp ? 6 : 16), udp && c == 0 ? 0xffff : c);
            }
            case IcmpL3 i when i.v6() -> Wire.put16(b, off + 2, Checksums.l4(i.src(), i.dst(), 58, b, off, len));
            case IcmpL3 i -> Wire.put16(b, off + 2, Checksums.internet(b, off, len));
            default -> {}
        }
    }

    static IpAddr src(L3 l3) {
        return switch (l3) {
            case PortL3 p -> p.src();
            case IcmpL3 i -> i.src();
            case IpL3 i -> i.src();
            default -> throw new IllegalArgumentException("no IP source in " + l3);
        };
    }

    static IpAddr dst(L3 l3) {
        return switch (l3) {
            case PortL3 p -> p.dst();
            case IcmpL3 i -> i.dst();
            case IpL3 i -> i.dst();
            default -> throw new IllegalArgumentException("no IP destination in " + l3);
        };
    }
}
