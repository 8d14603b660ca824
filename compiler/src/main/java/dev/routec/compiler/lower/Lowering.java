package dev.routec.compiler.lower;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.TAction;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.datapath.TokenBucket;
import dev.routec.compiler.diag.InternalCompilerError;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.compiler.emit.MapNames;
import dev.routec.compiler.ir.Cond;
import dev.routec.compiler.ir.IrAction;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.ir.Op;
import dev.routec.compiler.net.Prefix;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The lowering pass: a checked policy becomes an {@link IrPolicy}. Names become ids (interface
 * slots, container indexes, limit and tag ids, value-expression ids), literal sets become
 * intervals, initial contents are normalised to what the maps hold.
 */
public final class Lowering {
    private final CheckedPolicy policy;
    private final List<String> ifaces;
    private final List<IrPolicy.Container> containers = new ArrayList<>();
    private final Map<Defs.Container, Integer> containerIndex = new java.util.HashMap<>();
    private final List<IrPolicy.Pool> pools = new ArrayList<>();
    private final Map<Defs.PoolDef, Integer> poolIndex = new java.util.HashMap<>();
    private final Map<TAction.Limit, Integer> limitIds = new IdentityHashMap<>();
    private final List<IrPolicy.Limit> limits = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<Op> values = new ArrayList<>();
    private final Literals literals = new Literals();

    private Lowering(CheckedPolicy policy) {
        this.policy = policy;
        this.ifaces = List.copyOf(Names.ifaces(policy));
    }

    public static IrPolicy lower(CheckedPolicy policy) {
        return new Lowering(policy).run();
    }

    /** The BPF program name of a hook. */
    public static String programName(Policy.Hook h) {
        return switch (h) {
            case XDP -> "rt_xdp";
            case TC_INGRESS -> "rt_tc_ingress";
            case TC_EGRESS -> "rt_tc_egress";
        };
    }

    private IrPolicy run() {
        declarations();
        List<CheckedPolicy.Rule> all = new ArrayList<>(policy.rules());
        all.add(policy.dflt());
        List<TAction.Limit> ordered = TokenBucket.limitIds(policy);
        for (int i = 0; i < ordered.size(); i++) limitIds.put(ordered.get(i), i);
        List<IrPolicy.Rule> rules = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) rules.add(rule(i, all.get(i)));
        return new IrPolicy(
                policy.name(),
                sourceName(),
                hooks(),
                rules,
                containers,
                pools,
                ifaces,
                limits,
                tags,
                literals.ranges(),
                literals.ranges6(),
                values);
    }

    private String sourceName() {
        String n = policy.dflt().span().file().name();
        int slash = n.lastIndexOf('/');
        return slash >= 0 ? n.substring(slash + 1) : n;
    }

    private List<IrPolicy.Hook> hooks() {
        List<IrPolicy.Hook> out = new ArrayList<>();
        for (CheckedPolicy.AttachDef a : policy.attaches())
            out.add(new IrPolicy.Hook(a.hook(), programName(a.hook()), a.iface()));
        if (out.isEmpty())
            out.add(new IrPolicy.Hook(Policy.Hook.TC_INGRESS, programName(Policy.Hook.TC_INGRESS), Optional.empty()));
        return out;
    }

    // ---- declarations

    private void declarations() {
        for (int i = 0; i < policy.sets().size(); i++) {
            Defs.SetDef s = policy.sets().get(i);
            List<IrPolicy.Entry> init = new ArrayList<>();
            for (Elem e : s.initial())
                for (Elem k : normalise(s.elemType(), e)) init.add(new IrPolicy.Entry(k, Optional.empty()));
            add(
                    s,
                    container(
                            IrPolicy.ContainerKind.SET,
                            MapNames.set(i),
                            s.name(),
                            s.elemType(),
                            Layout.U8,
                            s.capacity(),
                            Optional.empty(),
                            dedup(init)));
        }
        for (int i = 0; i < policy.maps().size(); i++) {
            Defs.MapDef m = policy.maps().get(i);
            List<IrPolicy.Entry> init = new ArrayList<>();
            for (Defs.MapEntry e : m.initial())
                for (Elem k : normalise(m.keyType(), e.key())) init.add(new IrPolicy.Entry(k, Optional.of(e.value())));
            add(
                    m,
                    container(
                            IrPolicy.ContainerKind.MAP,
                            MapNames.map(i),
                            m.name(),
                            m.keyType(),
                            MapLayout.valueLayout(m.valueType()),
                            m.capacity(),
                            Optional.of(m.dflt()),
                            dedup(init)));
        }
        for (int i = 0; i < policy.pools().size(); i++) {
            Defs.PoolDef p = policy.pools().get(i);
            List<IrPolicy.Entry> addrs = new ArrayList<>();
            for (Elem e : p.initial()) addrs.add(new IrPolicy.Entry(addressOf(e), Optional.empty()));
            IrPolicy.Container adr = new IrPolicy.Container(
                    IrPolicy.ContainerKind.POOL_ADDRS,
                    MapNames.poolAddrs(i),
                    p.name(),
                    MapLayout.MapType.HASH,
                    Layout.IPV4,
                    Layout.U32,
                    p.capacity(),
                    Optional.empty(),
                    dedup(addrs));
            add(p, adr);
            poolIndex.put(p, pools.size());
            pools.add(new IrPolicy.Pool(
                    p.name(),
                    MapNames.poolMembers(i),
                    MapNames.poolTable(i),
                    MapNames.poolAddrs(i),
                    p.capacity(),
                    Maglev.tableSize(p.capacity()),
                    p.withPort(),
                    containers.size() - 1,
                    dedupElems(p.initial())));
        }
    }

    private void add(Defs.Container def, IrPolicy.Container c) {
        containerIndex.put(def, containers.size());
        containers.add(c);
    }

    private static IrPolicy.Container container(
            IrPolicy.ContainerKind kind,
            String cname,
            String decl,
            Type keyType,
            Layout value,
            int capacity,
            Optional<Elem> dflt,
            List<IrPolicy.Entry> init) {
        return new IrPolicy.Container(
                kind,
                cname,
                decl,
                MapLayout.containerType(keyType),
                MapLayout.keyLayout(keyType),
                value,
                capacity,
                dflt,
                init);
    }

    private static Elem addressOf(Elem member) {
        return switch (member) {
            case Elem.AddrPort ap -> new Elem.Addr(ap.addr());
            default -> member;
        };
    }

    /** Later entries for the same key win (as repeated updates would); first position kept. */
    private static List<IrPolicy.Entry> dedup(List<IrPolicy.Entry> in) {
        Map<Elem, IrPolicy.Entry> seen = new java.util.LinkedHashMap<>();
        for (IrPolicy.Entry e : in) seen.put(e.key(), e);
        return List.copyOf(seen.values());
    }

    private static List<Elem> dedupElems(List<Elem> in) {
        return List.copyOf(new java.util.LinkedHashSet<>(in));
    }

    /** The stored forms of an element (RuntimeState): prefixes for prefix types, ranges expanded. */
    static List<Elem> normalise(Type type, Elem e) {
        if ((type == Type.PREFIX4 || type == Type.PREFIX6) && e instanceof Elem.Addr a)
            return List.of(new Elem.Pfx(new Prefix(a.addr(), a.addr().bits())));
        if (e instanceof Elem.IntRange r) {
            List<Elem> out = new ArrayList<>();
            for (long v = r.lo(); Long.compareUnsigned(v, r.hi()) <= 0; v++) {
                out.add(new Elem.Int(v));
                if (v == r.hi()) break;
            }
            return out;
        }
        return List.of(e);
    }

    // ---- rules

    private IrPolicy.Rule rule(int id, CheckedPolicy.Rule r) {
        Cond cond = r.when().map(this::cond).orElse(new Cond.True());
        List<IrAction> actions = new ArrayList<>();
        for (TAction a : r.actions()) actions.add(action(id, a));
        return new IrPolicy.Rule(id, r.name(), r.span().line(), cond, actions);
    }

    Cond cond(TExpr e) {
        return switch (e) {
            case TExpr.Not n -> new Cond.Not(cond(n.operand()));
            case TExpr.And a -> new Cond.And(cond(a.left()), cond(a.right()));
            case TExpr.Or o -> new Cond.Or(cond(o.left()), cond(o.right()));
            case TExpr.Compare c -> new Cond.Cmp(c.op(), op(c.left()), op(c.right()));
            case TExpr.InContainer i -> new Cond.InMap(op(i.left()), containerIndex.get(i.container()));
            case TExpr.InLiteral i -> literals.lower(op(i.left()), i.elems());
            default -> new Cond.Truth(op(e));
        };
    }

    Op op(TExpr e) {
        return switch (e) {
            case TExpr.FieldRef f -> new Op.FieldOp(f.field(), kind(f.type()));
            case TExpr.Const k -> constant(k);
            case TExpr.IfaceConst k -> new Op.IfaceOp(slot(k.name()));
            case TExpr.MapRead m ->
                new Op.MapReadOp(
                        containerIndex.get(m.map()),
                        op(m.key()),
                        kind(m.map().valueType()),
                        m.map().dflt());
            case TExpr.BitAnd b -> new Op.BitAndOp(op(b.left()), op(b.right()));
            case TExpr.Compare c -> new Op.CondOp(cond(c));
            case TExpr.Not n -> new Op.CondOp(cond(n));
            case TExpr.And a -> new Op.CondOp(cond(a));
            case TExpr.Or o -> new Op.CondOp(cond(o));
            case TExpr.InContainer i -> new Op.CondOp(cond(i));
            case TExpr.InLiteral i -> new Op.CondOp(cond(i));
            case TExpr.VerdictConst v -> throw new InternalCompilerError("a verdict in a rule condition");
            case TExpr.RuleConst r -> throw new InternalCompilerError("a rule name in a rule condition");
        };
    }

    private static Op constant(TExpr.Const k) {
        return switch (k.value()) {
            case Elem.Int i -> new Op.IntOp(i.value());
            case Elem.Addr a -> new Op.AddrOp(a.addr());
            case Elem.Mac m -> new Op.MacOp(m.mac().value());
            default -> throw new InternalCompilerError("constant " + k.value() + " used as a value");
        };
    }

    static Op.Kind kind(Type t) {
        if (t.isInt()) return Op.Kind.INT;
        return switch (t) {
            case BOOL -> Op.Kind.BOOL;
            case IPV4, IPV6, IP -> Op.Kind.ADDR;
            case MAC -> Op.Kind.MAC;
            case IFACE -> Op.Kind.IFACE;
            default -> throw new InternalCompilerError("no operand kind for type " + t);
        };
    }

    private int slot(String iface) {
        int i = ifaces.indexOf(iface);
        if (i < 0) throw new InternalCompilerError("interface " + iface + " has no slot");
        return i;
    }

    private IrAction action(int rule, TAction a) {
        return switch (a) {
            case TAction.Pass x -> new IrAction.Pass();
            case TAction.Drop x -> new IrAction.Drop();
            case TAction.Redirect r -> new IrAction.Redirect(slot(r.iface()));
            case TAction.Route r -> new IrAction.Route(r.table(), r.via());
            case TAction.Nat n ->
                n.pool().isPresent()
                        ? new IrAction.NatPool(
                                poolIndex.get(n.pool().get()),
                                n.port(),
                                n.pool().get().withPort())
                        : new IrAction.Nat(!n.dnat(), n.addr().orElseThrow(), n.port());
            case TAction.SetMark m -> new IrAction.Set(IrAction.SetTarget.MARK, value(m.value()));
            case TAction.SetDscp d -> new IrAction.Set(IrAction.SetTarget.DSCP, value(d.value()));
            case TAction.SetTtl t -> new IrAction.Set(IrAction.SetTarget.TTL, value(t.value()));
            case TAction.Mirror m -> new IrAction.Mirror(slot(m.iface()));
            case TAction.Limit l -> limit(rule, l);
            case TAction.Log l ->
                new IrAction.Log(l.tag().map(this::tag).map(OptionalInt::of).orElse(OptionalInt.empty()));
            case TAction.Continue x -> new IrAction.Continue();
        };
    }

    private IrAction.Value value(TExpr e) {
        if (e instanceof TExpr.Const k && k.value() instanceof Elem.Int i) return new IrAction.ConstValue(i.value());
        values.add(op(e));
        return new IrAction.ExprValue(values.size() - 1);
    }

    private IrAction limit(int rule, TAction.Limit l) {
        int id = limitIds.get(l);
        TokenBucket.Params p = TokenBucket.Params.of(l);
        while (limits.size() <= id) limits.add(null);
        limits.set(id, new IrPolicy.Limit(rule, l.rate(), l.perSeconds(), l.burst(), l.per(), p.cost(), p.cap()));
        return new IrAction.Limit(id);
    }

    private int tag(String t) {
        int i = tags.indexOf(t);
        if (i >= 0) return i;
        tags.add(t);
        return tags.size() - 1;
    }

    /** Interface names a policy mentions, sorted: attach targets, redirect, mirror, `iif ==`. */
    static final class Names {
        private Names() {}

        static TreeSet<String> ifaces(CheckedPolicy p) {
            TreeSet<String> out = new TreeSet<>();
            p.attaches().forEach(a -> a.iface().ifPresent(out::add));
            List<CheckedPolicy.Rule> all = new ArrayList<>(p.rules());
            all.add(p.dflt());
            for (CheckedPolicy.Rule r : all) {
                r.when().ifPresent(w -> exprIfaces(w, out));
                for (TAction a : r.actions()) {
                    switch (a) {
                        case TAction.Redirect x -> out.add(x.iface());
                        case TAction.Mirror x -> out.add(x.iface());
                        case TAction.SetMark x -> exprIfaces(x.value(), out);
                        case TAction.SetDscp x -> exprIfaces(x.value(), out);
                        case TAction.SetTtl x -> exprIfaces(x.value(), out);
                        default -> {}
                    }
                }
            }
            return out;
        }

        private static void exprIfaces(TExpr e, TreeSet<String> out) {
            switch (e) {
                case TExpr.IfaceConst k -> out.add(k.name());
                case TExpr.Not n -> exprIfaces(n.operand(), out);
                case TExpr.And a -> {
                    exprIfaces(a.left(), out);
                    exprIfaces(a.right(), out);
                }
                case TExpr.Or o -> {
                    exprIfaces(o.left(), out);
                    exprIfaces(o.right(), out);
                }
                case TExpr.Compare c -> {
                    exprIfaces(c.left(), out);
                    exprIfaces(c.right(), out);
                }
                case TExpr.BitAnd b -> {
                    exprIfaces(b.left(), out);
                    exprIfaces(b.right(), out);
                }
                case TExpr.MapRead m -> exprIfaces(m.key(), out);
                case TExpr.InContainer i -> exprIfaces(i.left(), out);
                case TExpr.InLiteral i -> exprIfaces(i.left(), out);
                default -> {}
            }
        }
    }
}
