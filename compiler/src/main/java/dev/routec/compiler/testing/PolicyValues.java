package dev.routec.compiler.testing;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.check.TAction;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.net.IpAddr;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values a policy mentions, which drawn packets are biased toward: per field, every constant
 * a condition compares the field with or tests it against ({@code in} a literal, a set, a map's
 * keys, a pool), with the boundaries just outside (±1, a prefix's first and last address and the
 * addresses next to them, a range's ends ±1); and, for any field of the type, every address and
 * port the policy holds anywhere (set, map and pool contents, NAT targets, {@code route via}).
 * Collected once per policy, in source order, so draws are deterministic.
 */
final class PolicyValues {
    private final Map<Field, List<Pick>> byField = new EnumMap<>(Field.class);
    private final Set<Pick> v4 = new LinkedHashSet<>(), v6 = new LinkedHashSet<>(), ports = new LinkedHashSet<>();

    PolicyValues(CheckedPolicy policy) {
        for (Defs.SetDef s : policy.sets()) s.initial().forEach(e -> global(e, s.elemType()));
        for (Defs.MapDef m : policy.maps()) {
            for (Defs.MapEntry e : m.initial()) {
                global(e.key(), m.keyType());
                global(e.value(), m.valueType());
            }
        }
        for (Defs.PoolDef p : policy.pools()) p.initial().forEach(e -> global(e, Type.IPV4));
        List<CheckedPolicy.Rule> rules = new ArrayList<>(policy.rules());
        rules.add(policy.dflt());
        for (CheckedPolicy.Rule r : rules) {
            r.when().ifPresent(this::expr);
            r.actions().forEach(this::action);
        }
        for (CheckedPolicy.Prop p : policy.properties()) {
            p.where().ifPresent(this::expr);
            expr(p.check());
        }
        for (CheckedPolicy.Test t : policy.tests())
            t.cases().forEach(c -> c.checks().forEach(this::expr));
    }

    /** The picks for a field (with boundaries); empty when the policy never mentions it. */
    List<Pick> field(Field f) {
        return byField.getOrDefault(f, List.of());
    }

    /** Every address of the family the policy holds or mentions, with boundaries. */
    List<Pick> addresses(boolean v6Family) {
        return List.copyOf(v6Family ? v6 : v4);
    }

    /** Every port the policy holds or mentions, with boundaries. */
    List<Pick> ports() {
        return List.copyOf(ports);
    }

    /** Whether the policy mentions addresses of only one family: 4, 6, or 0 for both or none. */
    int onlyFamily() {
        if (v4.isEmpty() == v6.isEmpty()) return 0;
        return v4.isEmpty() ? 6 : 4;
    }

    private void action(TAction a) {
        switch (a) {
            case TAction.Nat n -> {
                n.addr().ifPresent(x -> global(new Elem.Addr(x), Type.IPV4));
                n.port().ifPresent(p -> global(new Elem.Int(p), Type.PORT));
            }
            case TAction.Route r -> r.via().ifPresent(x -> global(new Elem.Addr(x), Type.IPV4));
            case TAction.SetMark m -> expr(m.value());
            case TAction.SetDscp d -> expr(d.value());
            case TAction.SetTtl t -> expr(t.value());
            default -> {}
        }
    }

    private void expr(TExpr e) {
        switch (e) {
            case TExpr.Compare c -> {
                compare(c.left(), c.right());
                compare(c.right(), c.left());
                expr(c.left());
                expr(c.right());
            }
            case TExpr.InLiteral i -> {
                fieldOf(i.left()).ifPresent(f -> i.elems().forEach(x -> add(f, x)));
                expr(i.left());
            }
            case TExpr.InContainer i -> {
                fieldOf(i.left()).ifPresent(f -> contents(i.container()).forEach(x -> add(f, x)));
                expr(i.left());
            }
            case TExpr.MapRead m -> {
                fieldOf(m.key()).ifPresent(f -> contents(m.map()).forEach(x -> add(f, x)));
                expr(m.key());
            }
            case TExpr.BitAnd b -> {
                compare(b.left(), b.right());
                compare(b.right(), b.left());
            }
            case TExpr.Not n -> expr(n.operand());
            case TExpr.And a -> {
                expr(a.left());
                expr(a.right());
            }
            case TExpr.Or o -> {
                expr(o.left());
                expr(o.right());
            }
            case TExpr.Const k -> global(k.value(), k.type());
            default -> {}
        }
    }

    private void compare(TExpr side, TExpr other) {
        Optional<Field> f = fieldOf(side);
        if (f.isEmpty()) return;
        switch (other) {
            case TExpr.Const k -> add(f.get(), k.value());
            case TExpr.IfaceConst k ->
                byField.computeIfAbsent(f.get(), x -> new ArrayList<>()).add(new Pick.Name(k.name()));
            default -> {}
        }
    }

    /** The field an operand reads directly, or through a mask ({@code mark & 0xff}). */
    static Optional<Field> fieldOf(TExpr e) {
        return switch (e) {
            case TExpr.FieldRef f -> Optional.of(f.field());
            case TExpr.BitAnd b -> fieldOf(b.left()).or(() -> fieldOf(b.right()));
            default -> Optional.empty();
        };
    }

    /** The declared contents of a container: set elements, map keys, pool members. */
    static List<Elem> contents(Defs.Container c) {
        return switch (c) {
            case Defs.SetDef s -> s.initial();
            case Defs.MapDef m -> m.initial().stream().map(Defs.MapEntry::key).toList();
            case Defs.PoolDef p -> p.initial();
        };
    }

    private void add(Field f, Elem e) {
        List<Pick> picks = byField.computeIfAbsent(f, x -> new ArrayList<>());
        for (Pick p : Pick.withBoundaries(e, max(f.type))) if (!picks.contains(p)) picks.add(p);
        global(e, f.type);
    }

    private void global(Elem e, Type t) {
        switch (e) {
            case Elem.Addr a -> addrs(a.addr()).addAll(Pick.withBoundaries(e, 0));
            case Elem.Pfx p -> addrs(p.prefix().addr()).addAll(Pick.withBoundaries(e, 0));
            case Elem.AddrPort ap -> {
                addrs(ap.addr()).addAll(Pick.withBoundaries(new Elem.Addr(ap.addr()), 0));
                ports.addAll(Pick.withBoundaries(new Elem.Int(ap.port()), 0xffff));
            }
            case Elem.Int i when t == Type.PORT -> ports.addAll(Pick.withBoundaries(e, 0xffff));
            case Elem.IntRange r when t == Type.PORT -> ports.addAll(Pick.withBoundaries(e, 0xffff));
            default -> {}
        }
    }

    private Set<Pick> addrs(IpAddr a) {
        return a.isV4() ? v4 : v6;
    }

    private static long max(Type t) {
        return t.isInt() ? t.maxValue().longValue() : 0;
    }
}
