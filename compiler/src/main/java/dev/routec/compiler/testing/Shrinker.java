package dev.routec.compiler.testing;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.IcmpL3;
import dev.routec.compiler.packet.PacketSpec.IpL3;
import dev.routec.compiler.packet.PacketSpec.L3;
import dev.routec.compiler.packet.PacketSpec.PortL3;
import dev.routec.compiler.packet.PacketSpec.PortProto;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Shrinks a failing packet to a minimal one that still fails: greedily, first accepted candidate
 * wins, until no candidate fails or the budget of attempts is spent. Candidates, largest steps
 * first: every option at its default, one option at its default, IPv4 instead of IPv6, a smaller
 * payload, a simpler L3 form (tcp, udp, icmp, sctp, ip proto), fewer TCP flags, the default ICMP
 * type and code, the documentation addresses 192.0.2.1 → 192.0.2.2 (2001:db8::1 → 2001:db8::2),
 * then numerically smaller addresses, ports and option values. Every candidate is strictly smaller in {@link #size}, so shrinking ends.
 * Deterministic: no randomness.
 */
final class Shrinker {
    static final Ipv4Addr CANONICAL_SRC4 = new Ipv4Addr(0xc0000201);
    static final Ipv4Addr CANONICAL_DST4 = new Ipv4Addr(0xc0000202);
    static final Ipv6Addr CANONICAL_SRC6 = new Ipv6Addr(0x20010db800000000L, 1);
    static final Ipv6Addr CANONICAL_DST6 = new Ipv6Addr(0x20010db800000000L, 2);

    private Shrinker() {}

    /** The shrunk packet and how many simplifications were kept. */
    record Shrunk(PacketSpec spec, int steps) {}

    static Shrunk shrink(PacketSpec start, Predicate<PacketSpec> stillFails, int budget) {
        PacketSpec current = start;
        int steps = 0, attempts = 0;
        boolean progress = true;
        while (progress && attempts < budget) {
            progress = false;
            for (PacketSpec c : candidates(current)) {
                if (compare(size(c), size(current)) >= 0) continue;
                if (++attempts > budget) break;
                if (stillFails.test(c)) {
                    current = c;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return new Shrunk(current, steps);
    }

    /** Simpler variants of a packet, largest steps first. */
    static List<PacketSpec> candidates(PacketSpec s) {
        List<PacketSpec> out = new ArrayList<>();
        out.add(new Opts(s).defaults());
        for (Opts o : Opts.eachReset(s)) out.add(o.spec());
        toV4(s).ifPresent(out::add);
        for (long p : smaller(s.payload(), 0))
            out.add(new Opts(s).payload((int) p).spec());
        simplerForms(s, out);
        l3(s, out);
        Opts o = new Opts(s);
        if (s.vlan().isPresent())
            for (long v : smaller(s.vlan().getAsInt(), 0))
                out.add(o.vlan(OptionalInt.of((int) v)).spec());
        for (long v : smaller(s.mark(), 0)) out.add(new Opts(s).mark(v).spec());
        for (long v : smaller(s.dscp(), 0)) out.add(new Opts(s).dscp((int) v).spec());
        if (s.len().isPresent())
            for (long v : smaller(s.len().getAsInt(), 0))
                out.add(new Opts(s).len(OptionalInt.of((int) v)).spec());
        return out;
    }

    private static void l3(PacketSpec s, List<PacketSpec> out) {
        switch (s.l3()) {
            case PortL3 p -> {
                if (!p.flags().isEmpty()) out.add(s.withL3(ports(p, p.src(), p.sport(), p.dst(), p.dport(), Set.of())));
                for (TcpFlag f : p.flags()) {
                    Set<TcpFlag> fewer = EnumSet.copyOf(p.flags());
                    fewer.remove(f);
                    out.add(s.withL3(ports(p, p.src(), p.sport(), p.dst(), p.dport(), fewer)));
                }
                for (IpAddr a : addrs(p.src(), true))
                    out.add(s.withL3(ports(p, a, p.sport(), p.dst(), p.dport(), p.flags())));
                for (IpAddr a : addrs(p.dst(), false))
                    out.add(s.withL3(ports(p, p.src(), p.sport(), a, p.dport(), p.flags())));
                for (long v : smaller(p.sport(), 0))
                    out.add(s.withL3(ports(p, p.src(), (int) v, p.dst(), p.dport(), p.flags())));
                for (long v : smaller(p.dport(), 0))
                    out.add(s.withL3(ports(p, p.src(), p.sport(), p.dst(), (int) v, p.flags())));
            }
            case IcmpL3 i -> {
                int dflt = i.v6() ? 128 : 8;
                if (i.type() != dflt || i.code() != 0) out.add(s.withL3(new IcmpL3(i.v6(), i.src(), i.dst(), dflt, 0)));
                for (long v : smaller(i.type(), 0))
                    out.add(s.withL3(new IcmpL3(i.v6(), i.src(), i.dst(), (int) v, i.code())));
                for (long v : smaller(i.code(), 0))
                    out.add(s.withL3(new IcmpL3(i.v6(), i.src(), i.dst(), i.type(), (int) v)));
                for (IpAddr a : addrs(i.src(), true))
                    out.add(s.withL3(new IcmpL3(i.v6(), a, i.dst(), i.type(), i.code())));
                for (IpAddr a : addrs(i.dst(), false))
                    out.add(s.withL3(new IcmpL3(i.v6(), i.src(), a, i.type(), i.code())));
            }
            case IpL3 i -> {
                for (IpAddr a : addrs(i.src(), true)) out.add(s.withL3(new IpL3(i.proto(), a, i.dst())));
                for (IpAddr a : addrs(i.dst(), false)) out.add(s.withL3(new IpL3(i.proto(), i.src(), a)));
            }
            default -> {}
        }
    }

    /** An IPv6 packet as IPv4 between the documentation addresses (ICMPv6 only as an echo request). */
    private static java.util.Optional<PacketSpec> toV4(PacketSpec s) {
        IpAddr a = CANONICAL_SRC4, b = CANONICAL_DST4;
        L3 l3 =
                switch (s.l3()) {
                    case PortL3 p when !p.src().isV4() -> new PortL3(p.proto(), a, p.sport(), b, p.dport(), p.flags());
                    case IpL3 i when !i.src().isV4() -> new IpL3(i.proto(), a, b);
                    case IcmpL3 i when i.v6() && i.type() == 128 && i.code() == 0 -> new IcmpL3(false, a, b, 8, 0);
                    default -> null;
                };
        return java.util.Optional.ofNullable(l3).map(x -> s.withL3(x));
    }

    /** The same addresses in a simpler L3 form: tcp, udp, icmp, sctp, ip proto N, in that order. */
    private static void simplerForms(PacketSpec s, List<PacketSpec> out) {
        if (!(s.l3() instanceof PortL3 || s.l3() instanceof IcmpL3 || s.l3() instanceof IpL3)) return;
        IpAddr src = srcOf(s.l3()), dst = dstOf(s.l3());
        int sport = s.l3() instanceof PortL3 p ? p.sport() : 0, dport = s.l3() instanceof PortL3 p ? p.dport() : 0;
        boolean v6 = !src.isV4();
        List<L3> forms = List.of(
                new PortL3(PortProto.TCP, src, sport, dst, dport, Set.of()),
                new PortL3(PortProto.UDP, src, sport, dst, dport, Set.of()),
                new IcmpL3(v6, src, dst, v6 ? 128 : 8, 0),
                new PortL3(PortProto.SCTP, src, sport, dst, dport, Set.of()));
        for (L3 f : forms) if (formRank(f) < formRank(s.l3())) out.add(s.withL3(f));
        if (s.l3() instanceof IpL3 i)
            for (long v : smaller(i.proto(), 0)) out.add(s.withL3(new IpL3((int) v, src, dst)));
    }

    /** tcp 0, udp 1, icmp/icmp6 2, sctp 3, ip proto 4, the rest 5. */
    static int formRank(L3 l3) {
        return switch (l3) {
            case PortL3 p ->
                switch (p.proto()) {
                    case TCP -> 0;
                    case UDP -> 1;
                    case SCTP -> 3;
                };
            case IcmpL3 i -> 2;
            case IpL3 i -> 4;
            default -> 5;
        };
    }

    private static PortL3 ports(PortL3 p, IpAddr src, int sport, IpAddr dst, int dport, Set<TcpFlag> flags) {
        return new PortL3(p.proto(), src, sport, dst, dport, flags);
    }

    /** The canonical address of the family, then numerically smaller ones. */
    private static List<IpAddr> addrs(IpAddr a, boolean src) {
        List<IpAddr> out = new ArrayList<>();
        IpAddr canonical = a.isV4() ? (src ? CANONICAL_SRC4 : CANONICAL_DST4) : (src ? CANONICAL_SRC6 : CANONICAL_DST6);
        if (!a.equals(canonical)) out.add(canonical);
        BigInteger v = Pick.Addrs.value(a);
        for (BigInteger x : smaller(v)) out.add(fromValue(x, a.isV4()));
        return out;
    }

    private static IpAddr fromValue(BigInteger v, boolean v4) {
        return v4 ? new Ipv4Addr(v.intValue()) : new Ipv6Addr(v.shiftRight(64).longValue(), v.longValue());
    }

    /** {@code target}, then values approaching {@code v} from below: v−v/2, v−v/4, …, v−1. */
    static List<Long> smaller(long v, long target) {
        List<Long> out = new ArrayList<>();
        if (v <= target) return out;
        out.add(target);
        for (long d = (v - target) / 2; d > 0; d /= 2) if (v - d != target) out.add(v - d);
        return out;
    }

    private static List<BigInteger> smaller(BigInteger v) {
        List<BigInteger> out = new ArrayList<>();
        if (v.signum() == 0) return out;
        out.add(BigInteger.ZERO);
        for (BigInteger d = v.shiftRight(1); d.signum() > 0; d = d.shiftRight(1)) out.add(v.subtract(d));
        return out;
    }

    /**
     * The size shrinking decreases, compared lexicographically: options away from their default,
     * IPv6, payload, L3 form, TCP flags, non-default ICMP type/code, non-canonical addresses,
     * option values, then the addresses' numeric values and the ports (protocol, ICMP type and
     * code).
     */
    static List<BigInteger> size(PacketSpec s) {
        int options = 0;
        if (!s.ethSrc().equals(MacAddr.DEFAULT_SRC)) options++;
        if (!s.ethDst().equals(MacAddr.DEFAULT_DST)) options++;
        if (!s.iif().equals(PacketSpec.DEFAULT_IIF)) options++;
        if (s.vlan().isPresent()) options++;
        if (s.ttl() != PacketSpec.DEFAULT_TTL) options++;
        if (s.dscp() != 0) options++;
        if (s.len().isPresent()) options++;
        if (s.mark() != 0) options++;
        if (s.frag() != Frag.NONE) options++;
        long flags = 0, icmp = 0, v6 = 0, nonCanonical = 0;
        BigInteger src = BigInteger.ZERO, dst = BigInteger.ZERO, ports = BigInteger.ZERO;
        switch (s.l3()) {
            case PortL3 p -> {
                flags = p.flags().size();
                ports = BigInteger.valueOf(p.sport() + (long) p.dport());
            }
            case IcmpL3 i -> {
                icmp = i.type() != (i.v6() ? 128 : 8) || i.code() != 0 ? 1 : 0;
                ports = BigInteger.valueOf(i.type() + (long) i.code());
            }
            case IpL3 i -> ports = BigInteger.valueOf(i.proto());
            default -> {}
        }
        if (s.l3() instanceof PortL3 || s.l3() instanceof IcmpL3 || s.l3() instanceof IpL3) {
            IpAddr a = srcOf(s.l3()), b = dstOf(s.l3());
            v6 = a.isV4() ? 0 : 1;
            nonCanonical = (a.equals(a.isV4() ? CANONICAL_SRC4 : CANONICAL_SRC6) ? 0 : 1)
                    + (b.equals(b.isV4() ? CANONICAL_DST4 : CANONICAL_DST6) ? 0 : 1);
            src = Pick.Addrs.value(a);
            dst = Pick.Addrs.value(b);
        }
        long optionValues = s.vlan().orElse(0) + s.mark() + s.dscp() + s.len().orElse(0);
        return List.of(
                BigInteger.valueOf(options),
                BigInteger.valueOf(v6),
                BigInteger.valueOf(s.payload()),
                BigInteger.valueOf(formRank(s.l3())),
                BigInteger.valueOf(flags),
                BigInteger.valueOf(icmp),
                BigInteger.valueOf(nonCanonical),
                BigInteger.valueOf(optionValues),
                src,
                dst,
                ports);
    }

    static int compare(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    private static IpAddr srcOf(L3 l3) {
        return switch (l3) {
            case PortL3 p -> p.src();
            case IcmpL3 i -> i.src();
            case IpL3 i -> i.src();
            default -> throw new IllegalArgumentException("no address in " + l3);
        };
    }

    private static IpAddr dstOf(L3 l3) {
        return switch (l3) {
            case PortL3 p -> p.dst();
            case IcmpL3 i -> i.dst();
            case IpL3 i -> i.dst();
            default -> throw new IllegalArgumentException("no address in " + l3);
        };
    }

    /** A packet's options, changed one at a time. */
    private record Opts(
            MacAddr ethSrc,
            MacAddr ethDst,
            L3 l3,
            String iif,
            OptionalInt vlan,
            int ttl,
            int dscp,
            OptionalInt len,
            long mark,
            Frag frag,
            int payload) {
        Opts(PacketSpec s) {
            this(
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
                    s.payload());
        }

        PacketSpec spec() {
            return new PacketSpec(ethSrc, ethDst, l3, iif, vlan, ttl, dscp, len, mark, frag, payload);
        }

        PacketSpec defaults() {
            return PacketSpec.of(l3);
        }

        Opts payload(int p) {
            return new Opts(ethSrc, ethDst, l3, iif, vlan, ttl, dscp, len, mark, frag, p);
        }

        Opts vlan(OptionalInt v) {
            return new Opts(ethSrc, ethDst, l3, iif, v, ttl, dscp, len, mark, frag, payload);
        }

        Opts mark(long m) {
            return new Opts(ethSrc, ethDst, l3, iif, vlan, ttl, dscp, len, m, frag, payload);
        }

        Opts dscp(int d) {
            return new Opts(ethSrc, ethDst, l3, iif, vlan, ttl, d, len, mark, frag, payload);
        }

        Opts len(OptionalInt l) {
            return new Opts(ethSrc, ethDst, l3, iif, vlan, ttl, dscp, l, mark, frag, payload);
        }

        /** The packet with each option in turn back at its default. */
        static List<Opts> eachReset(PacketSpec s) {
            Opts o = new Opts(s);
            PacketSpec d = PacketSpec.of(s.l3());
            return List.of(
                    new Opts(
                            d.ethSrc(), o.ethDst, o.l3, o.iif, o.vlan, o.ttl, o.dscp, o.len, o.mark, o.frag, o.payload),
                    new Opts(
                            o.ethSrc, d.ethDst(), o.l3, o.iif, o.vlan, o.ttl, o.dscp, o.len, o.mark, o.frag, o.payload),
                    new Opts(
                            o.ethSrc, o.ethDst, o.l3, d.iif(), o.vlan, o.ttl, o.dscp, o.len, o.mark, o.frag, o.payload),
                    o.vlan(OptionalInt.empty()),
                    new Opts(
                            o.ethSrc, o.ethDst, o.l3, o.iif, o.vlan, d.ttl(), o.dscp, o.len, o.mark, o.frag, o.payload),
                    o.dscp(0),
                    o.len(OptionalInt.empty()),
                    o.mark(0),
                    new Opts(
                            o.ethSrc, o.ethDst, o.l3, o.iif, o.vlan, o.ttl, o.dscp, o.len, o.mark, Frag.NONE,
                            o.payload));
        }
    }
}
