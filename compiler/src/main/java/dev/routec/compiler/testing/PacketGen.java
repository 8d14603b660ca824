package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PacketSpec.Frag;
import dev.routec.compiler.packet.PacketSpec.L3;
import dev.routec.compiler.packet.PacketSpec.PortProto;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import dev.routec.compiler.packet.PacketView;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Draws packets of a property's class (LANGUAGE.md §6), biased toward what the policy mentions
 * ({@link PolicyValues}) and toward what its {@code where} needs ({@link Hints}), with plain random
 * values mixed in. Most options stay at their defaults; each departs from it now and then. Classes
 * are the predicates of the same name: {@code tcp}, {@code udp} (both families), {@code icmp}
 * (ICMPv4), {@code ipv4}, {@code ipv6} (every L4 form of the family, fragments and cut-short
 * packets included), {@code any} (also ARP and other EtherTypes). Every drawn packet builds and
 * belongs to its class. The same random generator state gives the same packet.
 */
final class PacketGen {
    /** How often a hint from {@code where} is followed. */
    private static final double FOLLOW = 0.9;

    private static final int[] TTLS = {0, 1, 255, 128};
    private static final int[] DSCPS = {46, 10, 63};
    private static final int[] MARKS = {1, 0xff, 0xffff};
    private static final int[] PROTOS = {47, 50, 89, 4, 41, 255, 0};
    private static final int[] ETH_TYPES = {0x88b5, 0x88cc, 0x8847, 0x9000};

    private final PacketClass cls;
    private final PolicyValues values;
    private final Optional<TExpr> where;

    PacketGen(PacketClass cls, PolicyValues values, Optional<TExpr> where) {
        this.cls = cls;
        this.values = values;
        this.where = where;
    }

    /** A packet of the class; never fails (falls back to the simplest packet of the class). */
    PacketSpec draw(RandomGenerator r) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Map<Field, Pick> hints = Hints.draw(where, r);
            hints.values().removeIf(x -> r.nextDouble() >= FOLLOW);
            PacketSpec s = new Draw(r, hints).spec();
            if (fits(cls, s)) return s;
        }
        return simplest(cls);
    }

    /** Whether a spec builds and belongs to the class. */
    static boolean fits(PacketClass cls, PacketSpec s) {
        try {
            PacketView v = PacketView.of(PacketBuilder.build(s));
            return switch (cls) {
                case TCP -> v.tcp();
                case UDP -> v.udp();
                case ICMP -> v.icmp();
                case IPV4 -> v.ipv4();
                case IPV6 -> v.ipv6();
                case ANY -> true;
            };
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static PacketSpec simplest(PacketClass cls) {
        IpAddr s4 = Shrinker.CANONICAL_SRC4, d4 = Shrinker.CANONICAL_DST4;
        return PacketSpec.of(
                switch (cls) {
                    case UDP -> new PacketSpec.PortL3(PortProto.UDP, s4, 0, d4, 0, Set.of());
                    case ICMP -> new PacketSpec.IcmpL3(false, s4, d4, 8, 0);
                    case IPV6 ->
                        new PacketSpec.PortL3(
                                PortProto.TCP, Shrinker.CANONICAL_SRC6, 0, Shrinker.CANONICAL_DST6, 0, Set.of());
                    default -> new PacketSpec.PortL3(PortProto.TCP, s4, 0, d4, 0, Set.of());
                });
    }

    private enum Form {
        TCP,
        UDP,
        SCTP,
        ICMP,
        IP_PROTO,
        ARP,
        ETH_TYPE
    }

    /** One draw: the random source and the hints it follows. */
    private final class Draw extends FieldDraw {
        Draw(RandomGenerator r, Map<Field, Pick> hints) {
            super(r, hints, PacketGen.this.values);
        }

        PacketSpec spec() {
            int family = family();
            Form form = family == 0 ? nonIpForm() : form(family == 6);
            boolean v6 = family == 6;
            L3 l3 = l3(form, v6);
            MacAddr ethSrc = mac(Field.ETH_SRC, MacAddr.DEFAULT_SRC);
            MacAddr ethDst = mac(Field.ETH_DST, MacAddr.DEFAULT_DST);
            String iif = hint(Field.IIF) instanceof Pick.Name n ? n.name() : iif();
            OptionalInt vlan = vlan();
            Field ttlField = v6 ? Field.IP6_HOPLIMIT : Field.IP_TTL;
            int ttl = (int) num(ttlField, 255, 0.8, PacketSpec.DEFAULT_TTL, TTLS);
            int dscp = v6 ? (r.nextDouble() < 0.85 ? 0 : r.nextInt(64)) : (int) num(Field.IP_DSCP, 63, 0.85, 0, DSCPS);
            long mark = num(Field.MARK, 0xffffffffL, 0.8, 0, MARKS);
            Frag frag = family == 0 ? Frag.NONE : frag();
            PacketSpec s = new PacketSpec(ethSrc, ethDst, l3, iif, vlan, ttl, dscp, OptionalInt.empty(), mark, frag, 0);
            return lengths(s, v6);
        }

        // ---- family and form

        Form nonIpForm() {
            if (isTrue(Field.ARP)) return Form.ARP;
            Optional<Integer> t = hintedEthType();
            if (t.isPresent()) return t.get() == 0x0806 ? Form.ARP : Form.ETH_TYPE;
            return r.nextBoolean() ? Form.ARP : Form.ETH_TYPE;
        }

        /** 4, 6, or 0 for a non-IP frame. */
        int family() {
            return switch (cls) {
                case ICMP, IPV4 -> 4;
                case IPV6 -> 6;
                case TCP, UDP -> hintedFamily().filter(f -> f != 0).orElseGet(this::likelyFamily);
                case ANY ->
                    hintedFamily().orElseGet(() -> isTrue(Field.ARP) || r.nextDouble() < 0.1 ? 0 : likelyFamily());
            };
        }

        int likelyFamily() {
            int only = values.onlyFamily();
            if (only != 0) return r.nextDouble() < 0.75 ? only : 10 - only;
            return r.nextBoolean() ? 4 : 6;
        }

        Optional<Integer> hintedFamily() {
            if (isTrue(Field.IPV4) || isTrue(Field.ICMP)) return Optional.of(4);
            if (isTrue(Field.IPV6) || isTrue(Field.ICMP6)) return Optional.of(6);
            for (Map.Entry<Field, Pick> h : hints.entrySet()) {
                if (h.getKey().family == Field.Family.V4 && !(h.getValue() instanceof Pick.Bool b && !b.value()))
                    return Optional.of(4);
                if (h.getKey().family == Field.Family.V6 && !(h.getValue() instanceof Pick.Bool b && !b.value()))
                    return Optional.of(6);
                if (h.getValue() instanceof Pick.Addr a)
                    return Optional.of(a.addr().isV4() ? 4 : 6);
                if (h.getValue() instanceof Pick.Net n)
                    return Optional.of(n.prefix().isV4() ? 4 : 6);
            }
            Optional<Integer> t = hintedEthType();
            if (t.isPresent() && t.get() == 0x0800) return Optional.of(4);
            if (t.isPresent() && t.get() == 0x86dd) return Optional.of(6);
            if (t.isPresent() && cls == PacketClass.ANY) return Optional.of(0);
            return Optional.empty();
        }

        Optional<Integer> hintedEthType() {
            return hint(Field.ETH_TYPE) instanceof Pick.Num n
                    ? Optional.of((int) (n.draw(r) & 0xffff))
                    : Optional.empty();
        }

        Form form(boolean v6) {
            switch (cls) {
                case TCP -> {
                    return Form.TCP;
                }
                case UDP -> {
                    return Form.UDP;
                }
                case ICMP -> {
                    return Form.ICMP;
                }
                default -> {}
            }
            Optional<Form> hinted = hintedForm(v6);
            if (hinted.isPresent()) return hinted.get();
            for (int i = 0; i < 8; i++) {
                int x = r.nextInt(100);
                Form f =
                        x < 35 ? Form.TCP : x < 65 ? Form.UDP : x < 80 ? Form.ICMP : x < 87 ? Form.SCTP : Form.IP_PROTO;
                if (!isFalse(predicate(f, v6))) return f;
            }
            return Form.IP_PROTO;
        }

        Optional<Form> hintedForm(boolean v6) {
            if (isTrue(Field.TCP)) return Optional.of(Form.TCP);
            if (isTrue(Field.UDP)) return Optional.of(Form.UDP);
            if (isTrue(Field.SCTP)) return Optional.of(Form.SCTP);
            if (isTrue(v6 ? Field.ICMP6 : Field.ICMP)) return Optional.of(Form.ICMP);
            for (Field f :
                    List.of(Field.TCP_SYN, Field.TCP_ACK, Field.TCP_FIN, Field.TCP_RST, Field.TCP_PSH, Field.TCP_URG))
                if (hints.containsKey(f)) return Optional.of(Form.TCP);
            if (hint(Field.PROTO) instanceof Pick.Num n) return Optional.of(byProto((int) n.draw(r), v6));
            if (hint(v6 ? Field.IP6_NEXTHDR : Field.IP_PROTO) instanceof Pick.Num n)
                return Optional.of(byProto((int) n.draw(r), v6));
            if (hints.containsKey(Field.SPORT) || hints.containsKey(Field.DPORT)) {
                int x = r.nextInt(10);
                return Optional.of(x < 5 ? Form.TCP : x < 9 ? Form.UDP : Form.SCTP);
            }
            if (hints.containsKey(Field.ICMP_TYPE) || hints.containsKey(Field.ICMP_CODE)) return Optional.of(Form.ICMP);
            return Optional.empty();
        }

        Form byProto(int proto, boolean v6) {
            return switch (proto) {
                case 6 -> Form.TCP;
                case 17 -> Form.UDP;
                case 132 -> Form.SCTP;
                case 1 -> v6 ? Form.IP_PROTO : Form.ICMP;
                case 58 -> v6 ? Form.ICMP : Form.IP_PROTO;
                default -> Form.IP_PROTO;
            };
        }

        Field predicate(Form f, boolean v6) {
            return switch (f) {
                case TCP -> Field.TCP;
                case UDP -> Field.UDP;
                case SCTP -> Field.SCTP;
                case ICMP -> v6 ? Field.ICMP6 : Field.ICMP;
                case IP_PROTO -> v6 ? Field.IPV6 : Field.IPV4;
                case ARP -> Field.ARP;
                case ETH_TYPE -> Field.ETH_TYPE;
            };
        }

        // ---- L3 / L4

        L3 l3(Form form, boolean v6) {
            return switch (form) {
                case ARP -> new PacketSpec.ArpL3();
                case ETH_TYPE ->
                    new PacketSpec.EthTypeL3(
                            hintedEthType().orElseGet(() -> (int) num(Field.ETH_TYPE, 0xffff, 0, 0x88b5, ETH_TYPES)));
                case TCP -> ports(PortProto.TCP, v6);
                case UDP -> ports(PortProto.UDP, v6);
                case SCTP -> ports(PortProto.SCTP, v6);
                case ICMP -> icmp(v6);
                case IP_PROTO -> new PacketSpec.IpL3(ipProto(v6), addr(Field.SRC, v6), addr(Field.DST, v6));
            };
        }

        int ipProto(boolean v6) {
            Field f = hints.containsKey(Field.PROTO) ? Field.PROTO : v6 ? Field.IP6_NEXTHDR : Field.IP_PROTO;
            int p = (int) num(f, 255, 0, PROTOS[0], PROTOS);
            // the L4 forms have their own notation; an opaque payload of those protocols reads the same
            return switch (p) {
                case 6, 17, 132, 1, 58 -> 47;
                default -> p;
            };
        }

        PacketSpec.PortL3 ports(PortProto proto, boolean v6) {
            IpAddr src = addr(Field.SRC, v6), dst = addr(Field.DST, v6);
            int sport = port(Field.SPORT), dport = port(Field.DPORT);
            Set<TcpFlag> flags = proto == PortProto.TCP ? flags() : Set.of();
            return new PacketSpec.PortL3(proto, src, sport, dst, dport, flags);
        }

        PacketSpec.IcmpL3 icmp(boolean v6) {
            IpAddr src = addr(Field.SRC, v6), dst = addr(Field.DST, v6);
            int type = v6 ? 128 : 8, code = 0;
            if (hints.containsKey(Field.ICMP_TYPE) || hints.containsKey(Field.ICMP_CODE) || r.nextBoolean()) {
                type = (int)
                        num(Field.ICMP_TYPE, 255, 0, type, v6 ? new int[] {129, 1, 135, 136} : new int[] {0, 3, 11, 5});
                code = (int) num(Field.ICMP_CODE, 255, 0.5, 0, new int[] {1, 3, 4});
            }
            return new PacketSpec.IcmpL3(v6, src, dst, type, code);
        }

        Set<TcpFlag> flags() {
            Set<TcpFlag> f = EnumSet.noneOf(TcpFlag.class);
            int x = r.nextInt(100);
            if (x < 30) {
            } else if (x < 50) f.add(TcpFlag.SYN);
            else if (x < 65) f.addAll(List.of(TcpFlag.SYN, TcpFlag.ACK));
            else if (x < 80) f.add(TcpFlag.ACK);
            else if (x < 85) f.addAll(List.of(TcpFlag.FIN, TcpFlag.ACK));
            else if (x < 90) f.add(TcpFlag.RST);
            else for (TcpFlag t : TcpFlag.values()) if (r.nextBoolean()) f.add(t);
            flag(f, Field.TCP_SYN, TcpFlag.SYN);
            flag(f, Field.TCP_ACK, TcpFlag.ACK);
            flag(f, Field.TCP_FIN, TcpFlag.FIN);
            flag(f, Field.TCP_RST, TcpFlag.RST);
            flag(f, Field.TCP_PSH, TcpFlag.PSH);
            flag(f, Field.TCP_URG, TcpFlag.URG);
            return f;
        }

        void flag(Set<TcpFlag> f, Field field, TcpFlag flag) {
            if (!(hint(field) instanceof Pick.Bool b)) return;
            if (b.value()) f.add(flag);
            else f.remove(flag);
        }

        Frag frag() {
            boolean l4Class = cls == PacketClass.TCP || cls == PacketClass.UDP || cls == PacketClass.ICMP;
            if (hint(Field.IP_FRAG) instanceof Pick.Bool b)
                return !b.value() ? Frag.NONE : l4Class || r.nextBoolean() ? Frag.FIRST : Frag.LATER;
            double x = r.nextDouble();
            if (l4Class) return x < 0.95 ? Frag.NONE : Frag.FIRST;
            return x < 0.88 ? Frag.NONE : x < 0.96 ? Frag.FIRST : Frag.LATER;
        }

        /** Payload and {@code len}: hints for {@code len}/{@code ip.len} first, else mostly small. */
        PacketSpec lengths(PacketSpec s, boolean v6) {
            long natural = PacketBuilder.naturalLength(s);
            Optional<Long> target = hint(Field.LEN) instanceof Pick.Num n ? clamp(n, 9000) : Optional.empty();
            if (target.isEmpty() && !v6 && hint(Field.IP_LEN) instanceof Pick.Num n)
                target = clamp(n, 9000).map(v -> v + (natural - ipLength(s, natural)));
            int payload;
            OptionalInt len = OptionalInt.empty();
            if (target.isPresent() && target.get() >= natural) payload = (int) (target.get() - natural);
            else {
                int x = r.nextInt(100);
                payload = x < 60 ? 0 : x < 85 ? 1 + r.nextInt(64) : x < 95 ? 65 + r.nextInt(1336) : r.nextInt(9000);
                if (target.isPresent() && truncates()) len = OptionalInt.of((int) (long) target.get());
                else if (r.nextInt(100) < (truncates() ? 4 : 2)) len = OptionalInt.of(otherLength(natural + payload));
            }
            return new PacketSpec(
                    s.ethSrc(),
                    s.ethDst(),
                    s.l3(),
                    s.iif(),
                    s.vlan(),
                    s.ttl(),
                    s.dscp(),
                    len,
                    s.mark(),
                    s.frag(),
                    payload);
        }

        long ipLength(PacketSpec s, long natural) {
            return natural - 14 - (s.vlan().isPresent() ? 4 : 0);
        }

        boolean truncates() {
            return cls == PacketClass.IPV4 || cls == PacketClass.IPV6 || cls == PacketClass.ANY;
        }

        int otherLength(long natural) {
            if (truncates() && r.nextBoolean()) return r.nextInt((int) natural);
            return (int) natural + 1 + r.nextInt(64);
        }
    }
}
