package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.L3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.PortProto;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.OptionalInt;
import java.util.Set;

/** Terse construction of specs for hand-written tests: {@code spec(l3).vlan(5).ttl(1).get()}. */
final class Specs {
    private PacketSpec s;

    private Specs(PacketSpec s) {
        this.s = s;
    }

    static Specs spec(L3 l3) {
        return new Specs(PacketSpec.of(l3));
    }

    static Specs spec(PacketSpec base) {
        return new Specs(base);
    }

    static IpAddr ip(String text) {
        return text.contains(":")
                ? Ipv6Addr.parse(text).orElseThrow()
                : Ipv4Addr.parse(text).orElseThrow();
    }

    static PortL3 tcp(String src, int sport, String dst, int dport, TcpFlag... flags) {
        return new PortL3(PortProto.TCP, ip(src), sport, ip(dst), dport, Set.of(flags));
    }

    static PortL3 udp(String src, int sport, String dst, int dport) {
        return new PortL3(PortProto.UDP, ip(src), sport, ip(dst), dport, Set.of());
    }

    static PortL3 sctp(String src, int sport, String dst, int dport) {
        return new PortL3(PortProto.SCTP, ip(src), sport, ip(dst), dport, Set.of());
    }

    Specs eth(String src, String dst) {
        return set(new PacketSpec(
                MacAddr.parse(src).orElseThrow(),
                MacAddr.parse(dst).orElseThrow(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs l3(L3 l3) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                l3,
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs iif(String iif) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                iif,
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs vlan(int vlan) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                OptionalInt.of(vlan),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs ttl(int ttl) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                ttl,
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs dscp(int dscp) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                dscp,
                s.len(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs len(int len) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                OptionalInt.of(len),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs noLen() {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                OptionalInt.empty(),
                s.mark(),
                s.frag(),
                s.payload()));
    }

    Specs mark(long mark) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                mark,
                s.frag(),
                s.payload()));
    }

    Specs frag(Frag frag) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                frag,
                s.payload()));
    }

    Specs payload(int payload) {
        return set(new PacketSpec(
                s.ethSrc(),
                s.ethDst(),
                s.l3(),
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                s.len(),
                s.mark(),
                s.frag(),
                payload));
    }

    PacketSpec get() {
        return s;
    }

    byte[] bytes() {
        return PacketBuilder.build(s).bytes();
    }

    private Specs set(PacketSpec n) {
        s = n;
        return this;
    }
}
