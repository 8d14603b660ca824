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
import java.util.OptionalInt;
import java.util.Set;

/**
 * The canonical spec of a packet: what {@link PacketDissector} reads back from {@link PacketBuilder}'s bytes,
 * derived here from the spec alone. Different specs that build the same bytes normalise to one spec:
 *
 * <ul>
 *   <li>{@code frag later} with tcp/udp/sctp/icmp/icmp6 becomes {@code ip proto N}: a non-first fragment
 *       carries no L4 header, so ports, flags and ICMP type/code are not in the bytes.
 *   <li>{@code ip proto 6|17|132} (both families), {@code ip proto 1} (IPv4) and {@code ip proto 58} (IPv6)
 *       whose zero payload covers that protocol's header become that protocol with zero ports, no flags, or
 *       ICMP type 0 code 0, and the rest as payload.
 *   <li>{@code arp} and {@code eth type}: ttl, dscp and frag are not in the bytes (defaults); bytes after the
 *       header count as payload, never as {@code len}. {@code eth type 0x8100|0x88a8} whose payload holds a
 *       tag reads as a VLAN 0 tag with EtherType 0.
 *   <li>IPv6 {@code frag first} with an extension-header protocol (0, 43, 44, 60) reads as {@code ip proto
 *       44} with the fragment header counted in the payload.
 *   <li>{@code len} shorter than the natural length: a layer whose header is cut short degrades to the
 *       layer below — L4 to {@code ip proto N}, IP/ARP to {@code eth type N} — and below 14 bytes the
 *       Ethernet header is read zero-padded. {@code len} equal to the natural length is dropped.
 * </ul>
 */
public final class PacketNormaliser {
    private PacketNormaliser() {}

    public static PacketSpec normalise(PacketSpec s) {
        long total = s.len().isPresent() ? s.len().getAsInt() : Wire.naturalLength(s);
        PacketSpec n;
        if (total < Wire.ETH_HEADER) n = shortFrame(s, (int) total);
        else if (s.vlan().isPresent() && total < Wire.ETH_HEADER + Wire.VLAN_TAG)
            n = opaque(s, Wire.ETH_VLAN, OptionalInt.empty(), (int) total - Wire.ETH_HEADER);
        else {
            n = switch (s.l3()) {
                case ArpL3 a -> arp(s, total);
                case EthTypeL3 e -> ethType(s, e.ethType(), total);
                default -> ip(s, total);
            };
        }
        boolean natural = Wire.naturalLength(n) == total;
        return copy(
                n,
                n.l3(),
                n.vlan(),
                n.ttl(),
                n.dscp(),
                natural ? OptionalInt.empty() : OptionalInt.of((int) total),
                n.frag(),
                n.payload());
    }

    private static PacketSpec shortFrame(PacketSpec s, int total) {
        byte[] h = new byte[Wire.ETH_HEADER];
        System.arraycopy(s.ethDst().bytes(), 0, h, 0, 6);
        System.arraycopy(s.ethSrc().bytes(), 0, h, 6, 6);
        Wire.put16(h, 12, s.vlan().isPresent() ? Wire.ETH_VLAN : Wire.ethType(s.l3()));
        for (int i = total; i < h.length; i++) h[i] = 0;
        PacketSpec masked = new PacketSpec(
                MacAddr.of(h, 6),
                MacAddr.of(h, 0),
                new EthTypeL3(Wire.u16(h, 12)),
                s.iif(),
                OptionalInt.empty(),
                PacketSpec.DEFAULT_TTL,
                0,
                OptionalInt.empty(),
                s.mark(),
                Frag.NONE,
                0);
        return masked;
    }

    /** {@code eth type T} with the IP-level options at their defaults. */
    private static PacketSpec opaque(PacketSpec s, int type, OptionalInt vlan, long payload) {
        return copy(
                s, new EthTypeL3(type), vlan, PacketSpec.DEFAULT_TTL, 0, OptionalInt.empty(), Frag.NONE, (int) payload);
    }

    /** A TPID followed by a whole (zero) tag reads as VLAN 0 (or the spec's VLAN) and EtherType 0. */
    private static PacketSpec ethType(PacketSpec s, int type, long total) {
        int eth = Wire.ethHeaderLength(s);
        if (!Wire.isVlanTpid(type) || total < eth + Wire.VLAN_TAG) return opaque(s, type, s.vlan(), total - eth);
        OptionalInt vlan = s.vlan().isPresent() ? s.vlan() : OptionalInt.of(0);
        return opaque(s, 0, vlan, total - Wire.ETH_HEADER - Wire.VLAN_TAG);
    }

    private static PacketSpec arp(PacketSpec s, long total) {
        int eth = Wire.ethHeaderLength(s);
        if (total < eth + Wire.ARP_BODY) return opaque(s, Wire.ETH_ARP, s.vlan(), total - eth);
        return copy(s, new ArpL3(), s.vlan(), PacketSpec.DEFAULT_TTL, 0, OptionalInt.empty(), Frag.NONE, (int)
                (total - eth - Wire.ARP_BODY));
    }

    private static PacketSpec ip(PacketSpec s, long total) {
        boolean v6 = Wire.isV6(s.l3());
        int eth = Wire.ethHeaderLength(s);
        int fixed = v6 ? Wire.IPV6_HEADER : Wire.IPV4_HEADER;
        if (total < eth + fixed) return opaque(s, v6 ? Wire.ETH_IPV6 : Wire.ETH_IPV4, s.vlan(), total - eth);
        L3 l3 = s.l3();
        Frag frag = s.frag();
        int proto = Wire.ipProto(l3);
        int data = Wire.l4HeaderLength(l3, frag) + s.payload();
        if (frag == Frag.LATER) l3 = opaqueIp(l3, proto);
        if (v6 && frag != Frag.NONE) {
            boolean cut = total < eth + fixed + Wire.IPV6_FRAG_HEADER;
            if (cut || (frag == Frag.FIRST && Wire.isIpv6Extension(proto))) {
                return withIp(s, opaqueIp(l3, Wire.PROTO_FRAGMENT), Frag.NONE, Wire.IPV6_FRAG_HEADER + data);
            }
        }
        int header = Wire.l4HeaderLength(proto, v6);
        long l4start = eth + Wire.ipHeaderLength(s);
        boolean present = header > 0 && frag != Frag.LATER && data >= header && total >= l4start + header;
        L3 result = present ? (l3 instanceof IpL3 ? zeroL4(l3, proto, v6) : l3) : opaqueIp(l3, proto);
        return withIp(s, result, frag, data - (present ? header : 0));
    }

    private static PacketSpec withIp(PacketSpec s, L3 l3, Frag frag, int payload) {
        return copy(s, l3, s.vlan(), s.ttl(), s.dscp(), OptionalInt.empty(), frag, payload);
    }

    private static IpL3 opaqueIp(L3 l3, int proto) {
        return new IpL3(proto, PacketBuilder.src(l3), PacketBuilder.dst(l3));
    }

    /** The L4 form whose header is all zero bytes. */
    private static L3 zeroL4(L3 l3, int proto, boolean v6) {
        var src = PacketBuilder.src(l3);
        var dst = PacketBuilder.dst(l3);
        return switch (proto) {
            case Wire.PROTO_TCP -> new PortL3(PortProto.TCP, src, 0, dst, 0, Set.of());
            case Wire.PROTO_UDP -> new PortL3(PortProto.UDP, src, 0, dst, 0, Set.of());
            case Wire.PROTO_SCTP -> new PortL3(PortProto.SCTP, src, 0, dst, 0, Set.of());
            default -> new IcmpL3(v6, src, dst, 0, 0);
        };
    }

    private static PacketSpec copy(
            PacketSpec s, L3 l3, OptionalInt vlan, int ttl, int dscp, OptionalInt len, Frag frag, int payload) {
        return new PacketSpec(s.ethSrc(), s.ethDst(), l3, s.iif(), vlan, ttl, dscp, len, s.mark(), frag, payload);
    }
}
