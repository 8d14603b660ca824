package dev.routec.compiler.interp;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import dev.routec.compiler.packet.PacketView;
import java.util.Arrays;
import java.util.Optional;

/**
 * Evaluates checked expressions on one parsed packet (LANGUAGE.md §4). Absent-field rule: a
 * comparison or {@code in} reading an absent value is false, {@code not} is plain negation, a bare
 * absent boolean field is false; {@code M[k]} with an absent key yields the map's default. An
 * address compared with an address of the other family counts as absent. Integers compare
 * unsigned.
 *
 * @param tc whether the packet is at a TC hook ({@code mark} is absent at XDP)
 * @param verdict the verdict, in test checks and properties only
 * @param rule the deciding rule's name, in test checks and properties only
 */
record Evaluator(RuntimeState state, PacketView view, boolean tc, Optional<Verdict> verdict, Optional<String> rule) {

    /** An evaluator for rule conditions and action values. */
    static Evaluator forRules(RuntimeState state, PacketView view, boolean tc) {
        return new Evaluator(state, view, tc, Optional.empty(), Optional.empty());
    }

    /** Evaluates a condition. */
    boolean test(TExpr e) {
        return switch (e) {
            case TExpr.Not n -> !test(n.operand());
            case TExpr.And a -> test(a.left()) && test(a.right());
            case TExpr.Or o -> test(o.left()) || test(o.right());
            case TExpr.Compare c -> compare(c);
            case TExpr.InContainer i ->
                value(i.left()).map(v -> state.contains(i.container(), v)).orElse(false);
            case TExpr.InLiteral i -> value(i.left()).map(v -> inLiteral(v, i)).orElse(false);
            default -> value(e).map(v -> v instanceof Val.Bool b && b.value()).orElse(false);
        };
    }

    /** Evaluates a value; empty when it reads an absent field. */
    Optional<Val> value(TExpr e) {
        return switch (e) {
            case TExpr.FieldRef f -> field(f.field());
            case TExpr.Const k -> Optional.of(Val.of(k.value()));
            case TExpr.IfaceConst k -> Optional.of(new Val.Str(k.name()));
            case TExpr.RuleConst k -> Optional.of(new Val.Str(k.rule()));
            case TExpr.VerdictConst k -> Optional.of(new Val.Verd(k.verdict()));
            case TExpr.MapRead m ->
                Optional.of(Val.of(value(m.key())
                        .flatMap(k -> state.lookup(m.map(), k))
                        .orElse(m.map().dflt())));
            case TExpr.BitAnd b -> {
                Optional<Val> l = value(b.left()), r = value(b.right());
                if (l.isEmpty() || r.isEmpty()) yield Optional.empty();
                yield Optional.of(new Val.Int(asInt(l.get()) & asInt(r.get())));
            }
            case TExpr.Compare c -> Optional.of(new Val.Bool(compare(c)));
            case TExpr.Not n -> Optional.of(new Val.Bool(test(n)));
            case TExpr.And a -> Optional.of(new Val.Bool(test(a)));
            case TExpr.Or o -> Optional.of(new Val.Bool(test(o)));
            case TExpr.InContainer i -> Optional.of(new Val.Bool(test(i)));
            case TExpr.InLiteral i -> Optional.of(new Val.Bool(test(i)));
        };
    }

    private boolean compare(TExpr.Compare c) {
        Optional<Val> l = value(c.left()), r = value(c.right());
        if (l.isEmpty() || r.isEmpty()) return false;
        Optional<Integer> order = order(l.get(), r.get());
        if (order.isEmpty()) return false;
        int o = order.get();
        return switch (c.op()) {
            case EQ -> o == 0;
            case NE -> o != 0;
            case LT -> ordered(l.get()) && o < 0;
            case LE -> ordered(l.get()) && o <= 0;
            case GT -> ordered(l.get()) && o > 0;
            case GE -> ordered(l.get()) && o >= 0;
        };
    }

    private static boolean ordered(Val v) {
        return v instanceof Val.Int;
    }

    /** How two values compare; empty when they are incomparable (different kinds or families). */
    static Optional<Integer> order(Val a, Val b) {
        if (a instanceof Val.Int x && b instanceof Val.Int y)
            return Optional.of(Long.compareUnsigned(x.value(), y.value()));
        if (a instanceof Val.Addr x && b instanceof Val.Addr y) {
            if (x.addr().isV4() != y.addr().isV4()) return Optional.empty();
            return Optional.of(Arrays.compareUnsigned(x.addr().bytes(), y.addr().bytes()));
        }
        if (a instanceof Val.Mac x && b instanceof Val.Mac y)
            return Optional.of(Long.compare(x.mac().value(), y.mac().value()));
        if (a.getClass() == b.getClass()) return Optional.of(a.equals(b) ? 0 : 1);
        return Optional.empty();
    }

    private static long asInt(Val v) {
        if (v instanceof Val.Int i) return i.value();
        throw new IllegalStateException("not an integer: " + v);
    }

    private static boolean inLiteral(Val v, TExpr.InLiteral lit) {
        for (Elem e : lit.elems()) if (matches(v, e)) return true;
        return false;
    }

    /** Whether a value is, or is contained in, an element (value, range or prefix). */
    static boolean matches(Val v, Elem e) {
        return switch (e) {
            case Elem.Int i -> v instanceof Val.Int x && x.value() == i.value();
            case Elem.IntRange r ->
                v instanceof Val.Int x
                        && Long.compareUnsigned(r.lo(), x.value()) <= 0
                        && Long.compareUnsigned(x.value(), r.hi()) <= 0;
            case Elem.Addr a -> v instanceof Val.Addr x && x.addr().equals(a.addr());
            case Elem.AddrPort a -> v instanceof Val.Addr x && x.addr().equals(a.addr());
            case Elem.Pfx p -> v instanceof Val.Addr x && p.prefix().contains(x.addr());
            case Elem.Mac m -> v instanceof Val.Mac x && x.mac().equals(m.mac());
        };
    }

    /** Reads a field of §4 from the packet; empty when the packet lacks it. */
    Optional<Val> field(Field f) {
        PacketView p = view;
        return switch (f) {
            case SRC -> when(p.hasIp(), () -> addr(p.src()));
            case DST -> when(p.hasIp(), () -> addr(p.dst()));
            case IP_SRC -> when(p.ipv4(), () -> addr(p.src()));
            case IP_DST -> when(p.ipv4(), () -> addr(p.dst()));
            case IP_TTL -> when(p.ipv4(), () -> integer(p.ipTtl()));
            case IP_PROTO -> when(p.ipv4(), () -> integer(p.ipProto()));
            case IP_DSCP -> when(p.ipv4(), () -> integer(p.ipDscp()));
            case IP_LEN -> when(p.ipv4(), () -> integer(p.ipLen()));
            case IP_FRAG -> when(p.ipv4(), () -> bool(p.ipFrag()));
            case IP6_SRC -> when(p.ipv6(), () -> addr(p.src()));
            case IP6_DST -> when(p.ipv6(), () -> addr(p.dst()));
            case IP6_HOPLIMIT -> when(p.ipv6(), () -> integer(p.ip6HopLimit()));
            case IP6_NEXTHDR -> when(p.ipv6(), () -> integer(p.ip6NextHeader()));
            case IP6_FLOWLABEL -> when(p.ipv6(), () -> integer(p.ip6FlowLabel()));
            case PROTO -> when(p.hasProto(), () -> integer(p.proto()));
            case SPORT -> when(p.hasPorts(), () -> integer(p.sport()));
            case DPORT -> when(p.hasPorts(), () -> integer(p.dport()));
            case TCP_SYN -> tcpFlag(TcpFlag.SYN);
            case TCP_ACK -> tcpFlag(TcpFlag.ACK);
            case TCP_FIN -> tcpFlag(TcpFlag.FIN);
            case TCP_RST -> tcpFlag(TcpFlag.RST);
            case TCP_PSH -> tcpFlag(TcpFlag.PSH);
            case TCP_URG -> tcpFlag(TcpFlag.URG);
            case ICMP_TYPE -> when(p.hasIcmp(), () -> integer(p.icmpType()));
            case ICMP_CODE -> when(p.hasIcmp(), () -> integer(p.icmpCode()));
            case ETH_SRC -> when(p.hasEth(), () -> new Val.Mac(p.ethSrc()));
            case ETH_DST -> when(p.hasEth(), () -> new Val.Mac(p.ethDst()));
            case ETH_TYPE -> when(p.hasEth(), () -> integer(p.ethType()));
            case VLAN_ID -> when(p.hasVlan(), () -> integer(p.vlanId()));
            case IIF -> Optional.of(new Val.Str(p.iif()));
            case MARK -> when(tc, () -> new Val.Int(p.mark() & 0xffffffffL));
            case LEN -> Optional.of(integer(p.len()));
            case TCP -> Optional.of(bool(p.tcp()));
            case UDP -> Optional.of(bool(p.udp()));
            case ICMP -> Optional.of(bool(p.icmp()));
            case ICMP6 -> Optional.of(bool(p.icmp6()));
            case SCTP -> Optional.of(bool(p.sctp()));
            case IPV4 -> Optional.of(bool(p.ipv4()));
            case IPV6 -> Optional.of(bool(p.ipv6()));
            case ARP -> Optional.of(bool(p.arp()));
            case VERDICT -> verdict.map(Val.Verd::new);
            case RULE -> rule.map(Val.Str::new);
        };
    }

    private Optional<Val> tcpFlag(TcpFlag flag) {
        return when(view.hasTcpFlags(), () -> bool(view.tcpFlag(flag)));
    }

    private static Optional<Val> when(boolean present, java.util.function.Supplier<Val> read) {
        return present ? Optional.of(read.get()) : Optional.empty();
    }

    private static Val addr(IpAddr a) {
        return new Val.Addr(a);
    }

    private static Val integer(long v) {
        return new Val.Int(v);
    }

    private static Val bool(boolean b) {
        return new Val.Bool(b);
    }
}
