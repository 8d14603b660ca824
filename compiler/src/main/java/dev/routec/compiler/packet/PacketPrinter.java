package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec.ArpL3;
import dev.routec.compiler.packet.PacketSpec.EthTypeL3;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Prints a {@link PacketSpec} in the canonical packet notation (LANGUAGE.md §7), omitting every option
 * equal to its default:
 *
 * <pre>[eth SRC -> DST] L3 [flags a,b] [type N code N] [iif "x"] [vlan N] [ttl N] [dscp N] [len N] [mark N]
 * [frag first|later] [payload N]</pre>
 *
 * IPv6 addresses are bracketed only with a port ({@code [2001:db8::1]:443}); flags print in the order
 * fin,syn,rst,psh,ack,urg,ece,cwr; ICMP type and code print together when either differs from the echo
 * request default (8/0, 128/0 for icmp6); numbers are decimal except {@code eth type 0x86dd} (4 hex digits).
 */
public final class PacketPrinter {
    private PacketPrinter() {}

    public static String print(PacketSpec s) {
        StringJoiner out = new StringJoiner(" ");
        if (!s.ethSrc().equals(MacAddr.DEFAULT_SRC) || !s.ethDst().equals(MacAddr.DEFAULT_DST))
            out.add("eth " + s.ethSrc() + " -> " + s.ethDst());
        out.add(l3(s));
        options(s, out);
        return out.toString();
    }

    private static String l3(PacketSpec s) {
        return switch (s.l3()) {
            case PortL3 p ->
                p.proto().name().toLowerCase(Locale.ROOT) + " " + withPort(p.src(), p.sport()) + " -> "
                        + withPort(p.dst(), p.dport()) + flags(p);
            case IcmpL3 i -> (i.v6() ? "icmp6 " : "icmp ") + i.src() + " -> " + i.dst() + typeCode(i);
            case IpL3 i -> "ip proto " + i.proto() + " " + i.src() + " -> " + i.dst();
            case ArpL3 a -> "arp";
            case EthTypeL3 e -> String.format(Locale.ROOT, "eth type 0x%04x", e.ethType());
        };
    }

    private static String withPort(IpAddr a, int port) {
        return (a.isV4() ? a.toString() : "[" + a + "]") + ":" + port;
    }

    private static String flags(PortL3 p) {
        if (p.flags().isEmpty()) return "";
        StringJoiner j = new StringJoiner(",", " flags ", "");
        for (TcpFlag f : TcpFlag.values()) if (p.flags().contains(f)) j.add(f.word());
        return j.toString();
    }

    private static String typeCode(IcmpL3 i) {
        int defaultType = i.v6() ? 128 : 8;
        if (i.type() == defaultType && i.code() == 0) return "";
        return " type " + i.type() + " code " + i.code();
    }

    private static void options(PacketSpec s, StringJoiner out) {
        if (!s.iif().equals(PacketSpec.DEFAULT_IIF)) out.add("iif \"" + s.iif() + "\"");
        s.vlan().ifPresent(v -> out.add("vlan " + v));
        if (s.ttl() != PacketSpec.DEFAULT_TTL) out.add("ttl " + s.ttl());
        if (s.dscp() != 0) out.add("dscp " + s.dscp());
        s.len().ifPresent(n -> out.add("len " + n));
        if (s.mark() != 0) out.add("mark " + s.mark());
        if (s.frag() != Frag.NONE) out.add("frag " + s.frag().name().toLowerCase(Locale.ROOT));
        if (s.payload() != 0) out.add("payload " + s.payload());
    }
}
