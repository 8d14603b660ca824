package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.PortL3;

/** The value ranges a buildable {@link PacketSpec} must respect (the checker reports them earlier). */
final class SpecValidator {
    private SpecValidator() {}

    static void validate(PacketSpec s) {
        switch (s.l3()) {
            case PortL3 p -> {
                family(p.src(), p.dst(), !p.src().isV4());
                range("port", p.sport(), 0xffff);
                range("port", p.dport(), 0xffff);
                if (!p.flags().isEmpty() && p.proto() != PacketSpec.PortProto.TCP)
                    throw new IllegalArgumentException("flags on " + p.proto());
            }
            case IcmpL3 i -> {
                family(i.src(), i.dst(), i.v6());
                range("icmp type", i.type(), 0xff);
                range("icmp code", i.code(), 0xff);
            }
            case IpL3 i -> {
                family(i.src(), i.dst(), !i.src().isV4());
                range("ip proto", i.proto(), 0xff);
            }
            case ArpL3 a -> {}
            case EthTypeL3 e -> range("eth type", e.ethType(), 0xffff);
        }
        options(s);
    }

    private static void options(PacketSpec s) {
        range("ttl", s.ttl(), 0xff);
        range("dscp", s.dscp(), 63);
        range("payload", s.payload(), Integer.MAX_VALUE);
        if (s.vlan().isPresent()) range("vlan", s.vlan().getAsInt(), 4095);
        if (s.len().isPresent()) range("len", s.len().getAsInt(), Integer.MAX_VALUE);
        if (s.mark() < 0 || s.mark() > 0xffffffffL)
            throw new IllegalArgumentException("mark out of range: " + s.mark());
        if (Wire.isIp(s.l3())) {
            long ipLength = Wire.naturalLength(s) - Wire.ethHeaderLength(s);
            long limit = Wire.isV6(s.l3()) ? Wire.IPV6_HEADER + 0xffff : 0xffff;
            if (ipLength > limit) throw new IllegalArgumentException("IP datagram too long: " + ipLength + " bytes");
        }
        if (Wire.naturalLength(s) > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("frame too long");
    }

    private static void family(IpAddr src, IpAddr dst, boolean v6) {
        if (src.isV4() == v6 || dst.isV4() == v6)
            throw new IllegalArgumentException(
                    "address family mismatch: " + src + " -> " + dst + " in an " + (v6 ? "IPv6" : "IPv4") + " packet");
    }

    private static void range(String what, int v, int max) {
        if (v < 0 || v > max) throw new IllegalArgumentException(what + " out of range: " + v);
    }
}
