package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
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
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * QuickTheories generators of valid {@link PacketSpec}s covering every L3 form (both families) and every
 * option, biased toward defaults and boundary values. Self-contained (depends only on the packet and net
 * value types and QuickTheories) so it can move to a test kit in main code. Draws shrink toward the
 * simplest packet: choice 0 is always the default.
 */
public final class PacketSpecGen {
    private PacketSpecGen() {}

    /** The L3 forms a generator can draw. */
    public enum Form {
        TCP,
        UDP,
        SCTP,
        ICMP,
        ICMP6,
        IP_PROTO,
        ARP,
        ETH_TYPE
    }

    private static final List<Ipv4Addr> V4 = List.of(
            v4("10.0.0.1"), v4("10.0.0.100"), v4("192.0.2.1"), v4("203.0.113.9"), v4("0.0.0.0"), v4("255.255.255.255"));
    private static final List<Ipv6Addr> V6 =
            List.of(v6("2001:db8::1"), v6("2001:db8::2"), v6("::"), v6("::1"), v6("::ffff:192.0.2.1"), v6("fe80::1"));
    private static final int[] PORTS = {80, 443, 53, 0, 1, 1023, 1024, 8080, 65535};
    private static final int[] PROTOS = {47, 6, 17, 1, 58, 132, 0, 43, 44, 60, 59, 50, 255};
    private static final int[] ETH_TYPES = {0x88b5, 0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x0000, 0xffff, 0x88cc};

    /** Any valid spec: every form and option. */
    public static Gen<PacketSpec> any() {
        return specs(Form.values());
    }

    /** Specs of the given forms only. */
    public static Gen<PacketSpec> specs(Form... forms) {
        Gen<PacketSpec> g = in -> spec(in, forms[(int) draw(in, 0, forms.length - 1)]);
        return g.describedAs(PacketPrinter::print);
    }

    /** Specs with every option at its default except the L3 part (no len, frag, vlan...). */
    public static Gen<PacketSpec> plain(Form... forms) {
        Gen<PacketSpec> g = in -> PacketSpec.of(l3(in, forms[(int) draw(in, 0, forms.length - 1)]));
        return g.describedAs(PacketPrinter::print);
    }

    static PacketSpec spec(RandomnessSource in, Form form) {
        L3 l3 = l3(in, form);
        MacAddr src = coin(in, 3) ? new MacAddr(draw(in, 0, 0xffffffffffffL)) : MacAddr.DEFAULT_SRC;
        MacAddr dst = coin(in, 3) ? new MacAddr(draw(in, 0, 0xffffffffffffL)) : MacAddr.DEFAULT_DST;
        String iif = coin(in, 4) ? pickName(in) : PacketSpec.DEFAULT_IIF;
        OptionalInt vlan =
                coin(in, 3) ? OptionalInt.of(pickInt(in, new int[] {1, 0, 4095, 100}, 4095)) : OptionalInt.empty();
        int ttl = coin(in, 3) ? pickInt(in, new int[] {0, 1, 255, 128}, 255) : PacketSpec.DEFAULT_TTL;
        int dscp = coin(in, 3) ? (int) draw(in, 0, 63) : 0;
        long mark = coin(in, 4) ? draw(in, 0, 0xffffffffL) : 0;
        Frag frag = coin(in, 3) ? Frag.values()[(int) draw(in, 1, 2)] : Frag.NONE;
        int payload = payload(in);
        OptionalInt len = coin(in, 3) ? OptionalInt.of((int) draw(in, 0, payload + 140)) : OptionalInt.empty();
        return new PacketSpec(src, dst, l3, iif, vlan, ttl, dscp, len, mark, frag, payload);
    }

    static L3 l3(RandomnessSource in, Form form) {
        boolean v6 = form == Form.ICMP6 || (form != Form.ICMP && coin(in, 2));
        return switch (form) {
            case TCP -> ports(in, PortProto.TCP, v6);
            case UDP -> ports(in, PortProto.UDP, v6);
            case SCTP -> ports(in, PortProto.SCTP, v6);
            case ICMP, ICMP6 -> icmp(in, v6);
            case IP_PROTO -> new IpL3(pickInt(in, PROTOS, 255), addr(in, v6), addr(in, v6));
            case ARP -> new ArpL3();
            case ETH_TYPE -> new EthTypeL3(pickInt(in, ETH_TYPES, 0xffff));
        };
    }

    private static PortL3 ports(RandomnessSource in, PortProto proto, boolean v6) {
        IpAddr src = addr(in, v6);
        int sport = pickInt(in, PORTS, 65535);
        IpAddr dst = addr(in, v6);
        int dport = pickInt(in, PORTS, 65535);
        Set<TcpFlag> flags = EnumSet.noneOf(TcpFlag.class);
        if (proto == PortProto.TCP && coin(in, 2)) {
            int bits = (int) draw(in, 0, 255);
            for (TcpFlag f : TcpFlag.values()) if ((bits & f.bit) != 0) flags.add(f);
        }
        return new PortL3(proto, src, sport, dst, dport, flags);
    }

    private static IcmpL3 icmp(RandomnessSource in, boolean v6) {
        IpAddr src = addr(in, v6);
        IpAddr dst = addr(in, v6);
        if (!coin(in, 2)) return new IcmpL3(v6, src, dst, v6 ? 128 : 8, 0);
        return new IcmpL3(v6, src, dst, (int) draw(in, 0, 255), (int) draw(in, 0, 255));
    }

    private static IpAddr addr(RandomnessSource in, boolean v6) {
        int i = (int) draw(in, 0, V4.size());
        if (i < V4.size()) return v6 ? V6.get(i) : V4.get(i);
        return v6 ? new Ipv6Addr(draw64(in), draw64(in)) : new Ipv4Addr((int) draw(in, 0, 0xffffffffL));
    }

    private static int payload(RandomnessSource in) {
        return switch ((int) draw(in, 0, 5)) {
            case 0, 1 -> 0;
            case 2, 3 -> (int) draw(in, 1, 64);
            case 4 -> (int) draw(in, 0, 300);
            default -> (int) draw(in, 0, 1500);
        };
    }

    private static String pickName(RandomnessSource in) {
        String[] names = {"lan0", "eth0", "wan.100", "a", "veth-x_1:2", "abcdefghijklmno"};
        return names[(int) draw(in, 0, names.length - 1)];
    }

    /** One of {@code favourites}, or (one time in three) any value in 0..max. */
    private static int pickInt(RandomnessSource in, int[] favourites, int max) {
        int i = (int) draw(in, 0, favourites.length + favourites.length / 2);
        return i < favourites.length ? favourites[i] : (int) draw(in, 0, max);
    }

    /** True one time in {@code n} (draw 0 = false, so shrinking goes to the default). */
    private static boolean coin(RandomnessSource in, int n) {
        return draw(in, 0, n - 1) == n - 1;
    }

    private static long draw64(RandomnessSource in) {
        return (draw(in, 0, 0xffffffffL) << 32) | draw(in, 0, 0xffffffffL);
    }

    private static long draw(RandomnessSource in, long lo, long hi) {
        return in.next(Constraint.between(lo, hi));
    }

    private static Ipv4Addr v4(String s) {
        return Ipv4Addr.parse(s).orElseThrow();
    }

    private static Ipv6Addr v6(String s) {
        return Ipv6Addr.parse(s).orElseThrow();
    }
}
