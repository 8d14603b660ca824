package dev.routec.compiler.ir;

import dev.routec.compiler.ast.Expr.CmpOp;
import dev.routec.compiler.emit.MapLayout.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the invariants the emitters rely on; every violation is a compiler bug. Run by the tests
 * on every lowered policy (and cheap enough to run on every compile).
 */
public final class IrVerifier {
    private final IrPolicy p;
    private final List<String> problems = new ArrayList<>();

    private IrVerifier(IrPolicy p) {
        this.p = p;
    }

    /** The problems found; empty when the IR is well formed. */
    public static List<String> verify(IrPolicy p) {
        IrVerifier v = new IrVerifier(p);
        v.run();
        return List.copyOf(v.problems);
    }

    private void fail(String what) {
        problems.add(what);
    }

    private void run() {
        if (p.hooks().isEmpty()) fail("no hooks");
        if (p.rules().isEmpty()) fail("no default rule");
        for (int i = 0; i < p.rules().size(); i++) {
            IrPolicy.Rule r = p.rules().get(i);
            if (r.id() != i) fail("rule " + i + " has id " + r.id());
            actions(r);
            cond(r.cond(), "rule " + i);
        }
        if (!p.rules().isEmpty()) {
            IrPolicy.Rule d = p.rules().get(p.defaultId());
            if (!d.name().equals("default")) fail("the last rule is not the default");
            if (d.actions().isEmpty()
                    || !d.actions().get(d.actions().size() - 1).isVerdict())
                fail("the default does not end in a verdict");
            if (!(d.cond() instanceof Cond.True)) fail("the default has a condition");
        }
        if (!sorted(p.ifaces())) fail("interface slots are not sorted");
        // rt_act.arg and rt_result.iface are 16 bits (0xffff = no interface)
        if (p.ifaces().size() >= 0xffff)
            fail("too many interface names: " + p.ifaces().size());
        if (p.values().size() > 0x10000
                || p.limits().size() > 0x10000
                || p.tags().size() >= 0xffff
                || p.pools().size() > 0x10000) fail("more than 65536 value expressions, limits, log tags or pools");
        for (int i = 0; i < p.values().size(); i++) op(p.values().get(i), "value " + i);
        for (IrPolicy.Limit l : p.limits()) {
            if (l == null) fail("a limit id has no limit");
            else if (l.rate() < 1 || Long.compareUnsigned(l.cap(), l.cost()) < 0) fail("bad limit " + l);
        }
        for (IrPolicy.Pool pool : p.pools()) {
            if (pool.addrsContainer() < 0 || pool.addrsContainer() >= p.maps().size())
                fail("pool " + pool.decl() + " has no address index");
            if (pool.initial().size() > pool.capacity()) fail("pool " + pool.decl() + " over capacity");
        }
        for (IrPolicy.Container c : p.maps()) if (c.initial().size() > c.capacity()) fail(c.cname() + " over capacity");
        intervals(p.ranges(), false, "rt_ranges");
        intervals(p.ranges6(), true, "rt_ranges6");
    }

    private static boolean sorted(List<String> s) {
        for (int i = 1; i < s.size(); i++) if (s.get(i - 1).compareTo(s.get(i)) >= 0) return false;
        return true;
    }

    private void actions(IrPolicy.Rule r) {
        String at = "rule " + r.id();
        for (int i = 0; i < r.actions().size(); i++) {
            IrAction a = r.actions().get(i);
            if (a.isVerdict() && i != r.actions().size() - 1) fail(at + ": a verdict is not the last action");
            switch (a) {
                case IrAction.Redirect x -> slot(x.slot(), at);
                case IrAction.Mirror x -> slot(x.slot(), at);
                case IrAction.NatPool x -> {
                    if (x.pool() < 0 || x.pool() >= p.pools().size()) fail(at + ": no pool " + x.pool());
                }
                case IrAction.Limit x -> {
                    if (x.id() < 0 || x.id() >= p.limits().size()) fail(at + ": no limit " + x.id());
                }
                case IrAction.Log x -> {
                    if (x.tag().isPresent() && x.tag().getAsInt() >= p.tags().size()) fail(at + ": no tag");
                }
                case IrAction.Set x -> {
                    if (x.value() instanceof IrAction.ExprValue e
                            && (e.id() < 0 || e.id() >= p.values().size())) fail(at + ": no value " + e.id());
                }
                default -> {}
            }
        }
    }

    private void slot(int s, String at) {
        if (s < 0 || s >= p.ifaces().size()) fail(at + ": no interface slot " + s);
    }

    private void cond(Cond c, String at) {
        switch (c) {
            case Cond.True t -> {}
            case Cond.Not n -> cond(n.operand(), at);
            case Cond.And a -> {
                cond(a.left(), at);
                cond(a.right(), at);
            }
            case Cond.Or o -> {
                cond(o.left(), at);
                cond(o.right(), at);
            }
            case Cond.Cmp k -> {
                op(k.left(), at);
                op(k.right(), at);
                if (k.left().kind() != k.right().kind())
                    fail(at + ": comparison of " + k.left().kind() + " with "
                            + k.right().kind());
                if (k.op() != CmpOp.EQ && k.op() != CmpOp.NE && k.left().kind() != Op.Kind.INT)
                    fail(at + ": ordering of " + k.left().kind());
            }
            case Cond.Truth t -> {
                op(t.operand(), at);
                if (t.operand().kind() != Op.Kind.BOOL)
                    fail(at + ": truth of " + t.operand().kind());
            }
            case Cond.InMap m -> {
                op(m.operand(), at);
                if (m.container() < 0 || m.container() >= p.maps().size()) fail(at + ": no container " + m.container());
                else keyFits(p.maps().get(m.container()).key(), m.operand(), at);
            }
            case Cond.InIntervals i -> {
                op(i.operand(), at);
                domain(i.domain(), i.operand(), at);
                if (i.intervals().isEmpty()) fail(at + ": empty inline literal");
            }
            case Cond.InTable t -> {
                op(t.operand(), at);
                domain(t.domain(), t.operand(), at);
                int size = t.domain() == Cond.Domain.V6
                        ? p.ranges6().size()
                        : p.ranges().size();
                if (t.first() < 0 || t.count() < 1 || t.first() + t.count() > size)
                    fail(at + ": literal table out of range");
            }
        }
    }

    private void domain(Cond.Domain d, Op op, String at) {
        Op.Kind want =
                switch (d) {
                    case INT -> Op.Kind.INT;
                    case V4, V6 -> Op.Kind.ADDR;
                    case MAC -> Op.Kind.MAC;
                };
        if (op.kind() != want) fail(at + ": literal of " + d + " against " + op.kind());
    }

    private void keyFits(Layout key, Op op, String at) {
        Op.Kind want =
                switch (key) {
                    case IPV4, IPV6, PREFIX4, PREFIX6 -> Op.Kind.ADDR;
                    case MAC -> Op.Kind.MAC;
                    default -> Op.Kind.INT;
                };
        if (op.kind() != want) fail(at + ": key " + key + " from " + op.kind());
    }

    private void op(Op o, String at) {
        switch (o) {
            case Op.MapReadOp m -> {
                if (m.map() < 0 || m.map() >= p.maps().size()) fail(at + ": no map " + m.map());
                else {
                    IrPolicy.Container c = p.maps().get(m.map());
                    if (c.kind() != IrPolicy.ContainerKind.MAP) fail(at + ": read of a non-map " + c.cname());
                    keyFits(c.key(), m.key(), at);
                }
                op(m.key(), at);
            }
            case Op.BitAndOp b -> {
                op(b.left(), at);
                op(b.right(), at);
                if (b.left().kind() != Op.Kind.INT || b.right().kind() != Op.Kind.INT) fail(at + ": & of non-integers");
            }
            case Op.CondOp c -> cond(c.cond(), at);
            case Op.IfaceOp i -> slot(i.slot(), at);
            default -> {}
        }
    }

    private void intervals(List<Cond.Interval> ivs, boolean v6, String name) {
        for (int i = 0; i < ivs.size(); i++) {
            Cond.Interval iv = ivs.get(i);
            int c = v6
                    ? cmp128(iv.loHi(), iv.loLo(), iv.hiHi(), iv.hiLo())
                    : Long.compareUnsigned(iv.loLo(), iv.hiLo());
            if (c > 0) fail(name + "[" + i + "] is empty");
        }
    }

    private static int cmp128(long ah, long al, long bh, long bl) {
        int c = Long.compareUnsigned(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(al, bl);
    }
}
