package dev.routec.compiler.packet;

import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.L3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.PortProto;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a frame back into the packet notation, best effort, never throwing. It parses by the rules of
 * {@link PacketView} (so its addresses, ports and protocol are what a policy sees) and then:
 *
 * <ul>
 *   <li>An IP packet becomes {@code tcp|udp|sctp|icmp|icmp6} when its L4 header is fully present and the IP
 *       length covers it, else {@code ip proto N} (non-first fragments, other protocols, cut-short headers).
 *       {@code payload} is the L4 data length the IP header declares (total length / payload length) minus
 *       the L4 header. {@code frag later} = offset &gt; 0, {@code frag first} = MF with offset 0.
 *   <li>An IPv6 packet whose extension headers cannot be walked (more than four, or one cut short) becomes
 *       {@code ip proto NEXTHDR} with the IPv6 payload length as payload.
 *   <li>An ARP request (Ethernet/IPv4, 28 bytes present) is {@code arp}, whatever its addresses; other
 *       EtherTypes, and IP/ARP whose header is invalid or cut short, are {@code eth type N} (N = the EtherType
 *       after the VLAN tags). Their payload is every byte after the Ethernet header and the first tag, so
 *       they never need {@code len}.
 *   <li>{@code len} is given whenever the frame length differs from what the spec builds: trailers, cut-short
 *       frames, and bytes the notation cannot express in an IP packet (IPv4 options, IPv6 extension headers,
 *       a second VLAN tag). So {@code PacketBuilder.build(dissect(f))} always has the length of {@code f}.
 *   <li>A frame shorter than 14 bytes is read as if zero-padded to 14: {@code eth DST -> SRC eth type T len
 *       N}, which builds back exactly the same N bytes.
 * </ul>
 *
 * Not kept: checksums, IPv4 id/flags other than MF/DF, ECN, flow label, TCP seq/ack/window/options, ICMP
 * id/seq, ARP addresses, VLAN PCP/DEI and TPID 0x88a8, payload content. For every valid spec {@code s},
 * {@code dissect(build(s)).equals(PacketNormaliser.normalise(s))}.
 */
public final class PacketDissector {
    private PacketDissector() {}

    public static PacketSpec dissect(Frame f) {
        byte[] b = f.raw();
        if (b.length < Wire.ETH_HEADER) return shortFrame(f);
        PacketView v = PacketView.of(f);
        Parts p;
        if (v.hasIp()) p = ip(b, v);
        else if (v.arp() && isArpRequest(b, v.l3Offset())) p = arp(b, v);
        else p = opaque(b, v);
        PacketSpec s = new PacketSpec(
                v.ethSrc(),
                v.ethDst(),
                p.l3,
                f.iif(),
                v.hasVlan() ? OptionalInt.of(v.vlanId()) : OptionalInt.empty(),
                p.ttl,
                p.dscp,
                OptionalInt.empty(),
                f.mark(),
                p.frag,
                p.payload);
        return withLength(s, b.length);
    }

    /** The part of a spec decided by L3 and above. */
    private record Parts(L3 l3, int ttl, int dscp, Frag frag, int payload) {}

    private static PacketSpec withLength(PacketSpec s, int length) {
        if (Wire.naturalLength(s) == length) return s;
        return new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                OptionalInt.of(length),
                s.mark(),
                s.frag(),
                s.payload());
    }

    private static PacketSpec shortFrame(Frame f) {
        byte[] padded = Arrays.copyOf(f.raw(), Wire.ETH_HEADER);
        return new PacketSpec(
                MacAddr.of(padded, 6),
                MacAddr.of(padded, 0),
                new EthTypeL3(Wire.u16(padded, 12)),
                f.iif(),
                OptionalInt.empty(),
                PacketSpec.DEFAULT_TTL,
                0,
                OptionalInt.of(f.length()),
                f.mark(),
                Frag.NONE,
                0);
    }

    private static Parts opaque(byte[] b, PacketView v) {
        return new Parts(new EthTypeL3(v.ethType()), PacketSpec.DEFAULT_TTL, 0, Frag.NONE, b.length - l2Header(v));
    }

    /** The L2 header the notation can express: Ethernet and at most one tag. */
    private static int l2Header(PacketView v) {
        return Wire.ETH_HEADER + (v.hasVlan() ? Wire.VLAN_TAG : 0);
    }

    private static boolean isArpRequest(byte[] b, int off) {
        return off + Wire.ARP_BODY <= b.length
                && Wire.u16(b, off) == 1
                && Wire.u16(b, off + 2) == Wire.ETH_IPV4
                && Wire.u8(b, off + 4) == 6
                && Wire.u8(b, off + 5) == 4
                && Wire.u16(b, off + 6) == 1;
    }

    private static Parts arp(byte[] b, PacketView v) {
        int payload = b.length - l2Header(v) - Wire.ARP_BODY;
        return new Parts(new ArpL3(), PacketSpec.DEFAULT_TTL, 0, Frag.NONE, payload);
    }

    private static Parts ip(byte[] b, PacketView v) {
        int ttl = v.ttlOrHopLimit();
        int dscp = v.trafficClass() >>> 2;
        if (!v.hasProto()) {
            IpL3 l3 = new IpL3(v.ip6NextHeader(), v.src(), v.dst());
            return new Parts(l3, ttl, dscp, Frag.NONE, v.ip6PayloadLength());
        }
        Frag frag = v.nonFirstFragment() ? Frag.LATER : v.fragment() ? Frag.FIRST : Frag.NONE;
        int dataLength = Math.max(0, ipEnd(v) - v.ipPayloadOffset());
        int header = Wire.l4HeaderLength(v.proto(), v.ipv6());
        boolean l4 = header > 0 && v.hasL4() && dataLength >= header && v.l4Offset() + header <= b.length;
        L3 l3 = l4 ? l4(v) : new IpL3(v.proto(), v.src(), v.dst());
        return new Parts(l3, ttl, dscp, frag, dataLength - (l4 ? header : 0));
    }

    /** The end of the datagram by its own length field (may lie beyond the frame). */
    private static int ipEnd(PacketView v) {
        if (v.ipv4()) return v.l3Offset() + v.ipLen();
        return v.l3Offset() + Wire.IPV6_HEADER + v.ip6PayloadLength();
    }

    private static L3 l4(PacketView v) {
        return switch (v.proto()) {
            case Wire.PROTO_TCP -> new PortL3(PortProto.TCP, v.src(), v.sport(), v.dst(), v.dport(), flags(v));
            case Wire.PROTO_UDP -> new PortL3(PortProto.UDP, v.src(), v.sport(), v.dst(), v.dport(), Set.of());
            case Wire.PROTO_SCTP -> new PortL3(PortProto.SCTP, v.src(), v.sport(), v.dst(), v.dport(), Set.of());
            default -> new IcmpL3(v.ipv6(), v.src(), v.dst(), v.icmpType(), v.icmpCode());
        };
    }

    private static Set<TcpFlag> flags(PacketView v) {
        Set<TcpFlag> out = EnumSet.noneOf(TcpFlag.class);
        for (TcpFlag f : TcpFlag.values()) if (v.tcpFlag(f)) out.add(f);
        return out;
    }
}
